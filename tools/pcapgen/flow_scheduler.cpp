// FlowScheduler: interleaves concurrent flows in time order (main thread).
#include "flow_scheduler.h"

#include <algorithm>
#include <functional>

namespace luacap::pcapgen {

RunStats FlowScheduler::run() {
    const uint64_t open = std::min<uint64_t>(opts_.concurrency, opts_.flows);
    slots_.resize(open);
    heap_.reserve(open);
    Prng starts(opts_.seed ^ 0x5ced51a7e5ULL);
    // The first flows open over the first second, so the capture starts already busy.
    for (uint32_t s = 0; s < open; ++s)
        startFlow(s, kEpochUsec + int64_t(s) * 1000000 / int64_t(open) + starts.below(500));
    const auto later = std::greater<Entry>();
    while (!heap_.empty()) {
        std::pop_heap(heap_.begin(), heap_.end(), later);
        Entry e = heap_.back();
        heap_.pop_back();
        emit(e);
        Flow &flow = slots_[e.slot];
        if (++e.next < flow.packets.size()) {
            e.usec = flow.startUsec + flow.packets[e.next].relUsec;
            heap_.push_back(e);
            std::push_heap(heap_.begin(), heap_.end(), later);
            continue;
        }
        if (summary_) summary_->addFlow(flow);
        if (nextFlowId_ < opts_.flows) startFlow(e.slot, e.usec + starts.range(10, 2000));
    }
    return stats_;
}

void FlowScheduler::startFlow(uint32_t slot, int64_t startUsec) {
    Flow &flow = slots_[slot];
    builder_.build(nextFlowId_, flow);
    flow.startUsec = startUsec;
    heap_.push_back({startUsec + flow.packets.front().relUsec, nextFlowId_, slot, 0});
    std::push_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
    ++nextFlowId_;
}

void FlowScheduler::emit(const Entry &e) {
    Flow &flow = slots_[e.slot];
    const size_t len = encoder_.encode(flow, flow.packets[e.next]);
    out_.write(e.usec, encoder_.data(), uint32_t(len));
    if (stats_.packets == 0) stats_.firstUsec = e.usec;
    stats_.lastUsec = e.usec;
    ++stats_.packets;
}

} // namespace luacap::pcapgen

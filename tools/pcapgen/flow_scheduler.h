// FlowScheduler: keeps `concurrency` flows open at once and merges their packets into one
// time-ordered stream (a min-heap on (time, flow id), so ties break deterministically).
// A finished flow's slot is reused by the next flow, which starts shortly after.
// Main (only) thread.
#pragma once

#include <cstdint>
#include <vector>

#include "flow_builder.h"
#include "frame_encoder.h"
#include "pcap_file.h"
#include "summary_writer.h"

namespace luacap::pcapgen {

struct RunStats {
    uint64_t packets = 0;
    int64_t firstUsec = 0, lastUsec = 0;
};

class FlowScheduler {
public:
    static constexpr int64_t kEpochUsec = 1700000000LL * 1000000;

    FlowScheduler(const Options &opts, PcapFile &out, FrameEncoder &encoder, SummaryWriter *summary)
        : opts_(opts), builder_(opts), out_(out), encoder_(encoder), summary_(summary) {}

    RunStats run();

private:
    struct Entry {
        int64_t usec;
        uint64_t flowId;
        uint32_t slot;
        uint32_t next;   // index of the flow's next packet
        bool operator>(const Entry &o) const { return usec != o.usec ? usec > o.usec : flowId > o.flowId; }
    };

    void startFlow(uint32_t slot, int64_t startUsec);
    void emit(const Entry &e);

    const Options &opts_;
    FlowBuilder builder_;
    PcapFile &out_;
    FrameEncoder &encoder_;
    SummaryWriter *summary_;
    std::vector<Flow> slots_;
    std::vector<Entry> heap_;
    uint64_t nextFlowId_ = 0;
    RunStats stats_;
};

} // namespace luacap::pcapgen

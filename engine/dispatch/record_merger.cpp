// RecordMerger implementation (writer thread).
#include "dispatch/record_merger.h"

#include <chrono>

namespace luacap::engine {

RecordMerger::RecordMerger(std::vector<RecordChannel *> inputs, Doorbell &doorbell, RecordSink &sink)
    : doorbell_(doorbell), sink_(sink)
{
    for (RecordChannel *channel : inputs)
        inputs_.push_back(Input{channel, {}, INT64_MIN, false});
}

void RecordMerger::run()
{
    for (;;) {
        const uint64_t rings = doorbell_.rings.load(std::memory_order_acquire);
        const bool got = drain();
        release();
        if (allFinished())
            break;
        if (flushIntervalMs_ > 0)
            flushIfDue();
        if (!got)
            doorbell_.rings.wait(rings, std::memory_order_acquire);
    }
    if (!sink_.flush())
        failed_ = true;
}

bool RecordMerger::drain()
{
    bool got = false;
    RecordChunkPtr chunk;
    for (Input &input : inputs_) {
        while (input.channel->queue.tryPop(chunk)) {
            got = true;
            for (OutRecord &record : chunk->records)
                input.pending.push_back(std::move(record));
            input.watermarkUsec = chunk->watermarkUsec;
            input.finished = chunk->finished;
        }
    }
    return got;
}

// The smallest pending head may be written once no other packet thread can still emit a
// smaller record: each other input either has a pending head (compared directly), has
// finished, or has promised (watermark) nothing below that head's save time.
int RecordMerger::nextReleasable() const
{
    int best = -1;
    for (size_t i = 0; i < inputs_.size(); ++i) {
        if (!inputs_[i].pending.empty() &&
            (best < 0 || inputs_[i].pending.front().order < inputs_[size_t(best)].pending.front().order))
            best = int(i);
    }
    if (best < 0)
        return -1;
    const SaveOrder &head = inputs_[size_t(best)].pending.front().order;
    for (const Input &input : inputs_) {
        if (input.pending.empty() && !input.finished && input.watermarkUsec <= head.saveUsec)
            return -1;
    }
    return best;
}

void RecordMerger::release()
{
    for (int i = nextReleasable(); i >= 0; i = nextReleasable()) {
        Input &input = inputs_[size_t(i)];
        if (!failed_ && !sink_.write(input.pending.front().json))
            failed_ = true;
        ++written_;
        input.pending.pop_front();
    }
}

void RecordMerger::flushIfDue()
{
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now().time_since_epoch()).count();
    if (written_ == writtenAtFlush_ || now - lastFlushMs_ < flushIntervalMs_)
        return;
    if (!failed_ && !sink_.flush())
        failed_ = true;
    writtenAtFlush_ = written_;
    lastFlushMs_ = now;
}

bool RecordMerger::allFinished() const
{
    for (const Input &input : inputs_) {
        if (!input.finished || !input.pending.empty())
            return false;
    }
    return true;
}

} // namespace luacap::engine

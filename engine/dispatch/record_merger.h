// RecordMerger: the writer thread. Merges the per-packet-thread record streams (each sorted by
// SaveOrder) into one stream in SaveOrder and writes it to a sink, holding only the records
// that a slower packet thread could still precede: the order depends on the input only.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "dispatch/record_channel.h"
#include "records/record_sink.h"

namespace luacap::engine {

class RecordMerger {
public:
    RecordMerger(std::vector<RecordChannel *> inputs, Doorbell &doorbell, RecordSink &sink);

    // Runs on the writer thread until every packet thread finished and every record is written.
    void run();
    uint64_t written() const { return written_; }
    // Live capture: flush the sink at most this often while records arrive (0: only at the end),
    // so a quiet daemon's records do not sit in a buffer.
    void setFlushIntervalMs(int64_t ms) { flushIntervalMs_ = ms; }
    bool failed() const { return failed_; }

private:
    struct Input {
        RecordChannel *channel = nullptr;
        std::deque<OutRecord> pending;
        int64_t watermarkUsec = INT64_MIN;
        bool finished = false;
    };

    bool drain();
    void release();
    int nextReleasable() const;
    bool allFinished() const;
    void flushIfDue();

    std::vector<Input> inputs_;
    Doorbell &doorbell_;
    RecordSink &sink_;
    uint64_t written_ = 0;
    bool failed_ = false;
    int64_t flushIntervalMs_ = 0;
    int64_t lastFlushMs_ = 0;
    uint64_t writtenAtFlush_ = 0;
};

} // namespace luacap::engine

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

    std::vector<Input> inputs_;
    Doorbell &doorbell_;
    RecordSink &sink_;
    uint64_t written_ = 0;
    bool failed_ = false;
};

} // namespace luacap::engine

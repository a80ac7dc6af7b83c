// BatchInbox: a packet thread's input when several reader threads feed it (live capture, one
// reader per interface). Each reader has its own SPSC channel to this packet thread; the
// packet thread polls them and sleeps on one doorbell the readers ring, so nothing is locked.
#pragma once

#include <vector>

#include "dispatch/record_channel.h"
#include "dispatch/worker_channel.h"

namespace luacap::engine {

class BatchInbox {
public:
    explicit BatchInbox(std::vector<WorkerChannel *> inputs) : inputs_(std::move(inputs)), ended_(inputs_.size()) {}

    // Readers ring this after pushing a batch.
    Doorbell &doorbell() { return bell_; }

    // Packet thread: the next filled batch from any reader (blocks while none has one). A
    // reader's end batch reaches the caller with endOfInput cleared, except the last reader's.
    PacketBatch *next()
    {
        for (;;) {
            const uint64_t rings = bell_.rings.load(std::memory_order_acquire);
            if (PacketBatch *batch = poll())
                return batch;
            bell_.rings.wait(rings, std::memory_order_acquire);
        }
    }

    // Any thread: batches waiting over every reader's channel (a snapshot).
    size_t queued() const
    {
        size_t n = 0;
        for (const WorkerChannel *c : inputs_)
            n += c->toWorker.approxSize();
        return n;
    }

    // Packet thread: lends the batch back to the reader it came from (the last one next() gave).
    void giveBack(PacketBatch *batch) { inputs_[last_]->freeBatches.push(batch); }

private:
    PacketBatch *poll()
    {
        for (size_t k = 0; k < inputs_.size(); ++k) {
            const size_t i = (last_ + 1 + k) % inputs_.size();  // round robin: no reader starves
            PacketBatch *batch = nullptr;
            if (ended_[i] || !inputs_[i]->toWorker.tryPop(batch))
                continue;
            last_ = i;
            if (batch->endOfInput) {
                ended_[i] = true;
                batch->endOfInput = ++endedCount_ == inputs_.size();
            }
            return batch;
        }
        return nullptr;
    }

    std::vector<WorkerChannel *> inputs_;
    std::vector<bool> ended_;
    size_t endedCount_ = 0;
    size_t last_ = 0;
    Doorbell bell_;
};

} // namespace luacap::engine

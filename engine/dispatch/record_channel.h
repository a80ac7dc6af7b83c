// RecordChannel: packet thread -> writer thread queue of record chunks, plus the shared
// doorbell the writer sleeps on (one writer listens to every packet thread).
#pragma once

#include <atomic>
#include <cstdint>

#include "dispatch/spsc_queue.h"
#include "records/out_record.h"

namespace luacap::engine {

struct Doorbell {
    std::atomic<uint64_t> rings{0};
    void ring()
    {
        rings.fetch_add(1, std::memory_order_release);
        rings.notify_one();
    }
};

struct RecordChannel {
    RecordChannel(size_t chunks, Doorbell &bell) : queue(chunks), doorbell(bell) {}
    SpscQueue<RecordChunkPtr> queue;
    Doorbell &doorbell;
};

} // namespace luacap::engine

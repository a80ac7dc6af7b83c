// WorkerChannel: the two queues between the reader thread and one packet thread.
// Batches are owned by the pipeline's pool; the queues only lend them back and forth.
#pragma once

#include "dispatch/packet_batch.h"
#include "dispatch/spsc_queue.h"

namespace luacap::engine {

struct WorkerChannel {
    explicit WorkerChannel(size_t batches) : toWorker(batches), freeBatches(batches) {}
    SpscQueue<PacketBatch *> toWorker;     // reader -> packet thread: filled batches
    SpscQueue<PacketBatch *> freeBatches;  // packet thread -> reader: batches to reuse
};

} // namespace luacap::engine

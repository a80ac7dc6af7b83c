// PcapStoreStats: the packet store's counters. Written by reader threads (packets, drops)
// and the disk thread (files, bytes, errors) with relaxed atomics; read by the main thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace luacap::engine {

struct PcapStoreStats {
    std::atomic<uint64_t> packets{0};       // packets given a position (their bytes will be written)
    std::atomic<uint64_t> writeDrops{0};    // pcapWriteDrops: the write queue was full, not written
    std::atomic<uint64_t> bytesWritten{0};  // bytes the disk thread wrote
    std::atomic<uint64_t> filesOpened{0};
    std::atomic<uint64_t> filesDeleted{0};  // by the freeSpaceG limit
    std::atomic<uint64_t> writeErrors{0};   // failed creates or writes (their bytes are lost)
};

// A plain copy, for printing.
struct PcapStoreCounters {
    uint64_t packets = 0, writeDrops = 0, bytesWritten = 0, filesOpened = 0, filesDeleted = 0, writeErrors = 0;
};

} // namespace luacap::engine

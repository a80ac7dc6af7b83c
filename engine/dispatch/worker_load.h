// WorkerLoad: one packet thread's live counters. Written by that packet thread once per batch
// (relaxed atomics, no lock), read by the main thread for the live API's per-thread load.
#pragma once

#include <atomic>
#include <cstdint>

namespace luacap::engine {

struct WorkerLoad {
    std::atomic<uint64_t> packets{0};
    std::atomic<uint64_t> records{0};            // saves encoded (mid-saves included)
    std::atomic<uint64_t> sessionsOpen{0};       // in the table (held sessions excluded)
    std::atomic<uint64_t> busyNsec{0};           // wall time spent on batches and commands
    std::atomic<uint64_t> forcedMaxStreams{0};   // sessions saved early: the table was full
    std::atomic<uint64_t> reloads{0};            // observer sets installed by a reload
    std::atomic<uint64_t> reloadFailures{0};     // reloads this thread could not build
    std::atomic<uint64_t> retiredSets{0};        // replaced sets still serving old sessions
};

} // namespace luacap::engine

// LiveReaderStats: one capture interface's counters. Written by its reader thread (relaxed
// atomics), read by the main thread for periodic and final stats lines.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "decode/decode_stats.h"

namespace luacap::engine {

struct LiveReaderStats {
    std::atomic<uint64_t> packets{0};          // handed to us by libpcap
    std::atomic<uint64_t> bytes{0};            // their wire length
    std::atomic<uint64_t> ownDrops{0};         // dropped by luacap: the packet thread's queue was full
    std::atomic<uint64_t> kernelDrops{0};      // pcap_stats ps_drop (capture buffer full)
    std::atomic<uint64_t> interfaceDrops{0};   // pcap_stats ps_ifdrop
    DecodeStats decode;                        // valid once the reader thread ended
    std::string error;                         // why the reader stopped early, if it did
};

} // namespace luacap::engine

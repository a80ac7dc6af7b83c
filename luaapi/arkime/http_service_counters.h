// HttpServiceCounters: what every ArkimeHttpService of the run did, for the final stats line.
// Packet threads and the main thread add to it (relaxed atomics, per request, never per packet).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>

namespace luacap::luaapi {

class HttpServiceCounters {
public:
    // The process's counters (one run per process: `luacap replay`).
    static HttpServiceCounters &instance();

    std::atomic<uint64_t> requests{0};          // request() returned true
    std::atomic<uint64_t> rejected{0};          // request() returned false: maxRequests reached
    std::atomic<uint64_t> callbacks{0};         // callbacks run (one per answered request)
    std::atomic<uint64_t> failures{0};          // callbacks with code 0 (refused, DNS, TLS, timeout)
    std::atomic<uint64_t> withoutSession{0};    // callbacks whose session had been written already
    std::atomic<uint64_t> retries{0};           // requests sent again to another host after a failure

    // Named counters for the stats line; empty when no service was ever asked anything.
    std::map<std::string, uint64_t> snapshot() const;
};

} // namespace luacap::luaapi

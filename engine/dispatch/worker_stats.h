// WorkerStats: what one packet thread did; read after it finished.
#pragma once

#include <cstdint>

namespace luacap::engine {

struct WorkerStats {
    uint64_t packets = 0;
    uint64_t batches = 0;
    uint64_t sessionsCreated = 0;
    uint64_t records = 0;
    uint64_t maxOpenSessions = 0;
};

} // namespace luacap::engine

// WorkerStats: what one packet thread did; read after it finished.
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

struct WorkerStats {
    uint64_t packets = 0;
    uint64_t batches = 0;
    uint64_t sessionsCreated = 0;
    uint64_t records = 0;
    uint64_t maxOpenSessions = 0;
    uint64_t forcedMaxStreams = 0;   // sessions saved early because the table was full
    std::string startupError;   // the observer factory failed: the thread processed nothing
};

} // namespace luacap::engine

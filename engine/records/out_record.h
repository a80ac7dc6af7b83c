// OutRecord / RecordChunk: encoded records travelling from a packet thread to the writer thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "session/session_table.h"

namespace luacap::engine {

struct OutRecord {
    SaveOrder order;
    std::string json;   // one record, no trailing newline
};

// What a packet thread sends after each batch: its records (in SaveOrder) and a watermark:
// it will never again emit a record with saveUsec < watermarkUsec.
struct RecordChunk {
    std::vector<OutRecord> records;
    int64_t watermarkUsec = 0;
    bool finished = false;   // the packet thread will send nothing more
};

using RecordChunkPtr = std::unique_ptr<RecordChunk>;

} // namespace luacap::engine

// ReaderStats: what the reader thread read, decoded and skipped; read after it finished.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decode/decode_stats.h"

namespace luacap::engine {

struct ReaderStats {
    DecodeStats decode;
    uint64_t filesRead = 0;
    uint64_t filesFailed = 0;        // could not be opened, or unknown link type
    uint64_t filesTruncated = 0;     // ended inside a packet record
    uint64_t filesCorrupt = 0;       // a record header could not be read
    uint64_t unsupportedLinkPackets = 0;  // pcapng packets of an interface whose link type we cannot decode
    std::vector<std::string> errors; // one line each, naming the file
};

} // namespace luacap::engine

// PcapStoreConfig: where and how `luacap capture` writes the packets it reads (pcapDir and
// Arkime's maxFileSizeG, maxFileTimeM, freeSpaceG, pcapWriteSize). Parsed on the main thread
// at start-up; read-only afterwards (reader and disk threads keep a copy).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace luacap::engine {

struct PcapStoreConfig {
    std::string dir;                            // pcapDir; empty: packets are not written
    uint64_t maxFileBytes = 12ull << 30;        // maxFileSizeG (GiB, as Arkime), default 12
    int64_t maxFileTimeUsec = 0;                // maxFileTimeM; 0: no time limit
    double freeSpaceGiB = 0;                    // freeSpaceG as GiB ...
    double freeSpacePercent = 5;                // ... or as a percentage of the disk (Arkime's default 5%)
    uint32_t writeBlockBytes = 262144;          // pcapWriteSize: bytes per write to disk
    uint32_t writeQueueBlocks = 64;             // pcapWriteQueue: blocks a reader may have in flight
    uint32_t writeDelayMs = 0;                  // tests only (LUACAP_TEST_PCAP_WRITE_DELAY_MS): slow disk

    bool enabled() const { return !dir.empty(); }
    static bool isArkimeKey(std::string_view key);
    static bool isLuacapKey(std::string_view key);
    // Sets key from value; false with why when the value is bad.
    bool apply(std::string_view key, const std::string &value, std::string *why);
};

} // namespace luacap::engine

// PcapFormat: the classic pcap file layout luacap writes (microsecond, native little-endian
// as libpcap writes it on x86) and reads back. Stateless; any thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace luacap::engine {

struct PcapRecordHeader {
    int64_t tsUsec = 0;
    uint32_t capLen = 0;
    uint32_t wireLen = 0;
};

class PcapFormat {
public:
    static constexpr size_t kFileHeaderBytes = 24;
    static constexpr size_t kRecordHeaderBytes = 16;
    static constexpr uint32_t kMaxSnapLen = 262144;

    static void putFileHeader(uint8_t *out, uint32_t snapLen, int linkType);
    static void putRecordHeader(uint8_t *out, int64_t tsUsec, uint32_t capLen, uint32_t wireLen);
    // False unless in holds luacap's own header layout (magic a1b2c3d4, version 2.4).
    static bool readFileHeader(const uint8_t *in, uint32_t *snapLen, int *linkType);
    static PcapRecordHeader readRecordHeader(const uint8_t *in);
};

} // namespace luacap::engine

// RawPacket: one captured frame as a file source hands it to the reader thread, and the
// status a source's next() returns. Shared by PcapFileSource and PcapngReader.
#pragma once

#include <cstdint>

namespace luacap::engine {

struct RawPacket {
    const uint8_t *data = nullptr;  // valid until the next call to next()
    uint32_t capLen = 0;
    uint32_t wireLen = 0;
    int64_t tsUsec = 0;
    uint64_t filePos = 0;           // byte offset of the record header (pcap), else record ordinal
    int linkType = -1;              // DLT_* of this packet (pcapng interfaces may differ)
};

// Packet: out was filled. End: clean end of file. Truncated: the file ends inside a record
// (everything before it was returned). Error: a corrupt record or read error.
enum class ReadStatus { Packet, End, Truncated, Error };

} // namespace luacap::engine

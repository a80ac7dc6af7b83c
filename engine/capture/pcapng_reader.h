// PcapngReader: a small pcapng reader for the files libpcap refuses, run on the reader thread.
// Why it exists: libpcap (1.10, Debian 12) gives a pcap_t one link type and one snapshot
// length, so it stops at the first Interface Description Block that differs from the first
// one ("an interface has a type 0 different from the type of the first interface"). Merged
// and multi-interface captures (Ethernet + loopback + raw IP) are exactly such files.
// PcapFileSource keeps libpcap for everything and falls back to this reader only then.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "capture/raw_packet.h"

namespace luacap::engine {

class PcapngReader {
public:
    using Status = ReadStatus;

    PcapngReader() = default;
    ~PcapngReader();
    PcapngReader(const PcapngReader &) = delete;
    PcapngReader &operator=(const PcapngReader &) = delete;

    // Opens path (plain or gzip) and reads its first Section Header Block; on failure returns
    // false with error() describing it (without the path).
    bool open(const std::string &path);
    // Same from an open stream, which the reader owns from now on (also on failure).
    bool open(FILE *file);

    // Reads the next packet (EPB, SPB or obsolete PB), skipping every other block. Each
    // packet carries its own interface's link type and a microsecond timestamp.
    // filePos is the packet ordinal. Truncated / Error end the file (error() says why).
    Status next(RawPacket &out);
    const std::string &error() const { return error_; }
    uint64_t packetsRead() const { return packets_; }
    void close();

private:
    struct Interface {
        int linkType = 0;
        uint32_t snapLen = 0;          // 0: unlimited
        uint64_t unitsPerSecond = 1000000;
        int64_t offsetSec = 0;         // if_tsoffset
        int64_t toUsec(uint64_t ticks) const;
    };

    Status readBlock(bool first = false);
    Status readSectionMagic(const uint8_t *raw, uint32_t &length);
    Status checkLength(uint32_t length);
    bool readExact(uint8_t *to, size_t n, size_t &got);
    Status parseSection();
    Status parseInterface();
    bool parseInterfaceOptions(size_t at, Interface &iface);
    Status packetBlock(RawPacket &out);
    Status simplePacket(RawPacket &out);
    Status deliver(RawPacket &out, uint32_t ifaceId, uint64_t ticks, size_t dataAt, uint32_t capLen,
                uint32_t wireLen);
    Status fail(const std::string &what);
    Status truncated(size_t wanted, size_t got);

    uint16_t u16(size_t at) const;
    uint32_t u32(size_t at) const;
    uint64_t u64(size_t at) const;
    size_t bodyEnd() const { return blockLen_ - 4; }  // offset of the trailing length

    FILE *file_ = nullptr;
    bool swapped_ = false;               // section byte order differs from the host's
    std::vector<Interface> interfaces_;  // of the current section
    std::vector<uint8_t> block_;         // the current block, whole; reused
    uint32_t blockType_ = 0;
    size_t blockLen_ = 0;
    uint64_t blockStart_ = 0;            // file offset of the current block (for messages)
    uint64_t offset_ = 0;                // file offset of the next byte to read
    uint64_t packets_ = 0;
    Status ended_ = Status::Error;       // Packet while open and readable; else what next() returns
    std::string error_;
};

} // namespace luacap::engine

// PcapFileSource: reads one pcap/pcapng file (optionally gzip-compressed) with libpcap, on the
// reader thread. Knows each record's byte position in plain pcap files (Arkime packetPos).
#pragma once

#include <cstdint>
#include <string>

struct pcap;
typedef struct pcap pcap_t;

namespace luacap::engine {

struct RawPacket {
    const uint8_t *data = nullptr;  // valid until the next call to next()
    uint32_t capLen = 0;
    uint32_t wireLen = 0;
    int64_t tsUsec = 0;
    uint64_t filePos = 0;           // byte offset of the record header (pcap), else record ordinal
};

class PcapFileSource {
public:
    enum class Status { Packet, End, Truncated, Error };

    PcapFileSource() = default;
    ~PcapFileSource();
    PcapFileSource(const PcapFileSource &) = delete;
    PcapFileSource &operator=(const PcapFileSource &) = delete;

    // Opens path; on failure returns false with error() describing it (without the path).
    bool open(const std::string &path);
    int linkType() const { return linkType_; }
    bool positionsAreOffsets() const { return positionsAreOffsets_; }

    // Reads the next record. Truncated: the file ends inside a record (everything before it
    // was returned); Error: a corrupt record header or read error (error() says which).
    Status next(RawPacket &out);
    const std::string &error() const { return error_; }
    void close();

private:
    pcap_t *pcap_ = nullptr;
    int linkType_ = -1;
    bool positionsAreOffsets_ = false;
    uint64_t nextPos_ = 0;
    std::string error_;
};

} // namespace luacap::engine

// PcapFileSource: reads one pcap/pcapng file (optionally gzip-compressed) with libpcap, on the
// reader thread. Knows each record's byte position in plain pcap files (Arkime packetPos).
// pcapng files whose interfaces differ (which libpcap refuses) continue with PcapngReader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "capture/raw_packet.h"

struct pcap;
typedef struct pcap pcap_t;

namespace luacap::engine {

class PcapngReader;
class ChunkedPcapReader;

class PcapFileSource {
public:
    using Status = ReadStatus;

    PcapFileSource();
    ~PcapFileSource();
    PcapFileSource(const PcapFileSource &) = delete;
    PcapFileSource &operator=(const PcapFileSource &) = delete;

    // Opens path; on failure returns false with error() describing it (without the path).
    bool open(const std::string &path);
    // Link type of the file (pcap) or of its first interface (pcapng); each packet carries its own.
    int linkType() const { return linkType_; }
    bool isPcapng() const { return isPcapng_; }
    bool positionsAreOffsets() const { return positionsAreOffsets_; }
    // True once libpcap gave up on mixed interfaces and PcapngReader took over.
    bool usingPcapngFallback() const { return pcapng_ != nullptr; }

    // Reads the next record. Truncated: the file ends inside a record (everything before it
    // was returned); Error: a corrupt record header or read error (error() says which).
    Status next(RawPacket &out);
    const std::string &error() const { return error_; }
    void close();

private:
    Status nextFromPcapng(RawPacket &out);
    bool switchToPcapng();

    pcap_t *pcap_ = nullptr;
    std::unique_ptr<PcapngReader> pcapng_;
    std::unique_ptr<ChunkedPcapReader> chunked_;   // uncompressed classic pcap files
    std::string path_;
    int linkType_ = -1;
    bool isPcapng_ = false;
    bool positionsAreOffsets_ = false;
    uint64_t nextPos_ = 0;
    uint64_t delivered_ = 0;   // packets returned so far (the fallback skips as many)
    std::string error_;
};

} // namespace luacap::engine

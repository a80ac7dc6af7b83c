// MmapPcapReader: reads a classic (uncompressed) pcap file through mmap, on the reader thread.
// libpcap's offline reader copies every record twice (kernel -> stdio buffer -> its own
// buffer) before luacap copies it into a batch; mapping the file leaves only that last copy,
// which makes reading about a third cheaper. libpcap still reads pcapng, gzip files and
// anything that cannot be mapped (pipes). Validation follows libpcap's (same limits, errors).
#pragma once

#include <cstdint>
#include <string>

#include "capture/raw_packet.h"

namespace luacap::engine {

class MmapPcapReader {
public:
    MmapPcapReader() = default;
    ~MmapPcapReader();
    MmapPcapReader(const MmapPcapReader &) = delete;
    MmapPcapReader &operator=(const MmapPcapReader &) = delete;

    // False when the file cannot be mapped or is not a classic pcap (error() says why);
    // the caller then uses libpcap.
    bool open(const std::string &path);
    int linkType() const { return linkType_; }
    ReadStatus next(RawPacket &out);
    const std::string &error() const { return error_; }

private:
    bool readHeader();
    uint32_t u32(const uint8_t *p) const;
    void releaseConsumed();

    const uint8_t *base_ = nullptr;
    size_t size_ = 0;
    size_t pos_ = 0;
    size_t released_ = 0;   // bytes at the start already given back (MADV_DONTNEED)
    bool swapped_ = false;
    bool nanoseconds_ = false;
    uint32_t snaplen_ = 0;
    int linkType_ = -1;
    bool failed_ = false;
    std::string error_;
};

} // namespace luacap::engine

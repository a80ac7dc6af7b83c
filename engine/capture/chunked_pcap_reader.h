// ChunkedPcapReader: reads a classic (uncompressed) pcap file on the reader thread with large
// pread() calls into buffers it owns (chunks), and returns packets that point into them.
// libpcap's offline reader copies every record twice more; mapping the file instead costs a
// trap at the first touch of every page, which under a hypervisor's shadow paging is three
// times what reading the same bytes costs (docs/performance.md).
// libpcap still reads pcapng, gzip files and anything that is not a regular file.
// Validation follows libpcap's (same limits, errors).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/raw_packet.h"

namespace luacap::engine {

class ChunkedPcapReader {
public:
    static constexpr size_t kChunkBytes = 1u << 20;

    ChunkedPcapReader() = default;
    ~ChunkedPcapReader();
    ChunkedPcapReader(const ChunkedPcapReader &) = delete;
    ChunkedPcapReader &operator=(const ChunkedPcapReader &) = delete;

    // False when the file cannot be opened or is not a classic pcap (error() says why);
    // the caller then uses libpcap.
    bool open(const std::string &path);
    int linkType() const { return linkType_; }
    // out.data is valid until the next call.
    ReadStatus next(RawPacket &out);
    const std::string &error() const { return error_; }

    // Before the first next(): the size of a read (tests make it tiny, so records straddle
    // chunks); a record larger than that gets a chunk of its own size.
    void setChunkBytes(size_t bytes) { chunkBytes_ = bytes > 0 ? bytes : 1; }

private:
    struct Chunk;
    struct ChunkDeleter {
        void operator()(Chunk *chunk) const;
    };
    using ChunkPtr = std::unique_ptr<Chunk, ChunkDeleter>;

    bool readHeader();
    uint32_t u32(const uint8_t *p) const;
    const uint8_t *bytesAt(uint64_t pos, size_t need);
    bool refill(uint64_t pos, size_t need);
    ChunkPtr takeChunk(size_t need, uint64_t pos);
    void recycle(ChunkPtr chunk);
    ReadStatus fail(ReadStatus status, std::string message);

    int fd_ = -1;
    uint64_t size_ = 0;
    uint64_t pos_ = 0;
    ChunkPtr current_;                // holds pos_ (the next record) once reading began
    std::vector<ChunkPtr> free_;
    size_t chunkBytes_ = kChunkBytes;
    bool swapped_ = false;
    bool nanoseconds_ = false;
    uint32_t snaplen_ = 0;
    int linkType_ = -1;
    bool failed_ = false;
    std::string error_;
};

} // namespace luacap::engine

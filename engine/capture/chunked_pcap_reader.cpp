// ChunkedPcapReader implementation (reader thread).
#include "capture/chunked_pcap_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define LUACAP_POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define LUACAP_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define LUACAP_POISON(p, n) ((void)(p), (void)(n))
#define LUACAP_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace luacap::engine {

namespace {
constexpr size_t kFileHeader = 24;
constexpr size_t kRecordHeader = 16;
constexpr uint32_t kMaxCapLen = 262144;   // libpcap's maximum snapshot length for these link types
constexpr uint32_t kLinkTypeMask = 0x03FFFFFF;  // upper bits carry FCS information
constexpr uint32_t kLinkTypeRaw = 101;          // LINKTYPE_RAW, which libpcap reports as DLT_RAW
constexpr int kDltRaw = 12;
} // namespace

// File bytes [start, start + len) at data. Under ASan a recycled chunk is poisoned, so a
// read through a packet whose chunk was recycled is reported where it happens.
struct ChunkedPcapReader::Chunk {
    std::unique_ptr<uint8_t[]> data;
    size_t capacity = 0;
    uint64_t start = 0;
    size_t len = 0;
};

void ChunkedPcapReader::ChunkDeleter::operator()(Chunk *chunk) const
{
    LUACAP_UNPOISON(chunk->data.get(), chunk->capacity);
    delete chunk;
}

ChunkedPcapReader::~ChunkedPcapReader()
{
    if (fd_ >= 0)
        ::close(fd_);
}

bool ChunkedPcapReader::open(const std::string &path)
{
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        error_ = std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < off_t(kFileHeader)) {
        error_ = "not a regular pcap file";
        return false;
    }
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    size_ = uint64_t(st.st_size);
    return readHeader();
}

void ChunkedPcapReader::recycle(ChunkPtr chunk)
{
    LUACAP_POISON(chunk->data.get(), chunk->capacity);
    free_.push_back(std::move(chunk));
}

// A free chunk of at least need bytes, else a new one: of chunkBytes_, less for a short
// file's rest, more for a record larger than that. Free chunks too small are dropped.
ChunkedPcapReader::ChunkPtr ChunkedPcapReader::takeChunk(size_t need, uint64_t pos)
{
    while (!free_.empty()) {
        ChunkPtr chunk = std::move(free_.back());
        free_.pop_back();
        if (chunk->capacity >= need) {
            LUACAP_UNPOISON(chunk->data.get(), chunk->capacity);
            return chunk;
        }
    }
    ChunkPtr chunk(new Chunk);
    chunk->capacity = std::max<size_t>(need, size_t(std::min<uint64_t>(chunkBytes_, size_ - pos)));
    chunk->data = std::make_unique_for_overwrite<uint8_t[]>(chunk->capacity);
    return chunk;
}

// Starts a chunk at pos holding at least need bytes: the part of the record at pos already
// read moves over, the rest comes from the file. The old chunk is recycled (two chunks take
// turns).
bool ChunkedPcapReader::refill(uint64_t pos, size_t need)
{
    ChunkPtr next = takeChunk(need, pos);
    size_t have = 0;
    if (current_ && pos >= current_->start && pos < current_->start + current_->len) {
        have = size_t(current_->start + current_->len - pos);
        std::memcpy(next->data.get(), current_->data.get() + (pos - current_->start), have);
    }
    next->start = pos;
    next->len = have;
    const size_t want = size_t(std::min<uint64_t>(next->capacity, size_ - pos));
    while (next->len < want) {
        const ssize_t n = pread(fd_, next->data.get() + next->len, want - next->len, off_t(pos + next->len));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            error_ = n < 0 ? std::strerror(errno) : "the file shrank while it was read";
            break;
        }
        next->len += size_t(n);
    }
    if (current_)
        recycle(std::move(current_));
    current_ = std::move(next);
    return current_->len >= need;
}

// The file's bytes [pos, pos + need), read in if the current chunk does not hold them; null
// on a read error.
const uint8_t *ChunkedPcapReader::bytesAt(uint64_t pos, size_t need)
{
    if (!current_ || pos < current_->start || pos + need > current_->start + current_->len) {
        if (!refill(pos, need))
            return nullptr;
    }
    return current_->data.get() + (pos - current_->start);
}

uint32_t ChunkedPcapReader::u32(const uint8_t *p) const
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swapped_ ? __builtin_bswap32(v) : v;
}

// Read apart from the chunks, so setChunkBytes() still sets the size of the first.
bool ChunkedPcapReader::readHeader()
{
    uint8_t h[kFileHeader];
    if (pread(fd_, h, kFileHeader, 0) != ssize_t(kFileHeader)) {
        error_ = "cannot read the file header";
        return false;
    }
    uint32_t magic;
    std::memcpy(&magic, h, 4);
    swapped_ = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    nanoseconds_ = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
    if (!swapped_ && magic != 0xa1b2c3d4 && !nanoseconds_) {
        error_ = "not a classic pcap file";
        return false;
    }
    uint16_t versionMajor;
    std::memcpy(&versionMajor, h + 4, 2);
    if ((swapped_ ? __builtin_bswap16(versionMajor) : versionMajor) != 2) {
        error_ = "unsupported pcap version";
        return false;
    }
    snaplen_ = u32(h + 16);
    const uint32_t linkType = u32(h + 20) & kLinkTypeMask;
    linkType_ = linkType == kLinkTypeRaw ? kDltRaw : int(linkType);
    pos_ = kFileHeader;
    return true;
}

ReadStatus ChunkedPcapReader::fail(ReadStatus status, std::string message)
{
    error_ = std::move(message);
    if (status == ReadStatus::Truncated)
        pos_ = size_;
    else
        failed_ = true;
    return status;
}

ReadStatus ChunkedPcapReader::next(RawPacket &out)
{
    if (failed_)
        return ReadStatus::Error;
    if (pos_ == size_)
        return ReadStatus::End;
    const uint64_t left = size_ - pos_;
    if (left < kRecordHeader)
        return fail(ReadStatus::Truncated,
                    "truncated dump file; tried to read 16 header bytes, only got " + std::to_string(left));
    const uint8_t *h = bytesAt(pos_, kRecordHeader);
    if (!h)
        return fail(ReadStatus::Error, error_);
    const uint32_t capLen = u32(h + 8), wireLen = u32(h + 12);
    if (capLen > kMaxCapLen && capLen > snaplen_)
        return fail(ReadStatus::Error, "invalid packet capture length " + std::to_string(capLen) +
                                           ", bigger than maximum of " + std::to_string(std::max(kMaxCapLen, snaplen_)));
    if (left - kRecordHeader < capLen)
        return fail(ReadStatus::Truncated, "truncated dump file; tried to read " + std::to_string(capLen) +
                                               " captured bytes, only got " + std::to_string(left - kRecordHeader));
    h = bytesAt(pos_, kRecordHeader + capLen);
    if (!h)
        return fail(ReadStatus::Error, error_);
    const uint32_t frac = u32(h + 4);
    out.data = h + kRecordHeader;
    out.capLen = capLen;
    out.wireLen = wireLen < capLen ? capLen : wireLen;
    out.tsUsec = int64_t(u32(h)) * 1000000 + (nanoseconds_ ? frac / 1000 : frac);
    out.filePos = pos_;
    out.linkType = linkType_;
    pos_ += kRecordHeader + capLen;
    return ReadStatus::Packet;
}

} // namespace luacap::engine

// MmapPcapReader implementation (reader thread).
#include "capture/mmap_pcap_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace luacap::engine {

namespace {
constexpr size_t kFileHeader = 24;
constexpr size_t kRecordHeader = 16;
constexpr uint32_t kMaxCapLen = 262144;   // libpcap's maximum snapshot length for these link types
constexpr uint32_t kLinkTypeMask = 0x03FFFFFF;  // upper bits carry FCS information
constexpr uint32_t kLinkTypeRaw = 101;          // LINKTYPE_RAW, which libpcap reports as DLT_RAW
constexpr int kDltRaw = 12;
constexpr size_t kReleaseEvery = 32u << 20;
} // namespace

MmapPcapReader::~MmapPcapReader()
{
    if (base_)
        munmap(const_cast<uint8_t *>(base_), size_);
}

bool MmapPcapReader::open(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error_ = std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < off_t(kFileHeader)) {
        ::close(fd);
        error_ = "not a regular pcap file";
        return false;
    }
    void *map = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) {
        error_ = std::strerror(errno);
        return false;
    }
    madvise(map, size_t(st.st_size), MADV_SEQUENTIAL);
    base_ = static_cast<const uint8_t *>(map);
    size_ = size_t(st.st_size);
    return readHeader();
}

// Pages already read stay in the page cache but leave this process's resident set, so a
// large file does not count against luacap's memory. The packet returned last (at most one
// record behind pos_) stays mapped.
void MmapPcapReader::releaseConsumed()
{
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    const size_t upto = (pos_ - std::min<size_t>(pos_, kRecordHeader + kMaxCapLen)) / page * page;
    if (upto > released_) {
        madvise(const_cast<uint8_t *>(base_) + released_, upto - released_, MADV_DONTNEED);
        released_ = upto;
    }
}

uint32_t MmapPcapReader::u32(const uint8_t *p) const
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swapped_ ? __builtin_bswap32(v) : v;
}

bool MmapPcapReader::readHeader()
{
    uint32_t magic;
    std::memcpy(&magic, base_, 4);
    swapped_ = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
    nanoseconds_ = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
    if (!swapped_ && magic != 0xa1b2c3d4 && !nanoseconds_) {
        error_ = "not a classic pcap file";
        return false;
    }
    uint16_t versionMajor;
    std::memcpy(&versionMajor, base_ + 4, 2);
    if ((swapped_ ? __builtin_bswap16(versionMajor) : versionMajor) != 2) {
        error_ = "unsupported pcap version";
        return false;
    }
    snaplen_ = u32(base_ + 16);
    const uint32_t linkType = u32(base_ + 20) & kLinkTypeMask;
    linkType_ = linkType == kLinkTypeRaw ? kDltRaw : int(linkType);
    pos_ = kFileHeader;
    return true;
}

ReadStatus MmapPcapReader::next(RawPacket &out)
{
    if (failed_)
        return ReadStatus::Error;
    if (pos_ == size_)
        return ReadStatus::End;
    if (size_ - pos_ < kRecordHeader) {
        error_ = "truncated dump file; tried to read 16 header bytes, only got " + std::to_string(size_ - pos_);
        pos_ = size_;
        return ReadStatus::Truncated;
    }
    const uint8_t *h = base_ + pos_;
    const uint32_t capLen = u32(h + 8), wireLen = u32(h + 12);
    if (capLen > kMaxCapLen && capLen > snaplen_) {
        error_ = "invalid packet capture length " + std::to_string(capLen) + ", bigger than maximum of " +
                 std::to_string(std::max(kMaxCapLen, snaplen_));
        failed_ = true;
        return ReadStatus::Error;
    }
    if (size_ - pos_ - kRecordHeader < capLen) {
        error_ = "truncated dump file; tried to read " + std::to_string(capLen) + " captured bytes, only got " +
                 std::to_string(size_ - pos_ - kRecordHeader);
        pos_ = size_;
        return ReadStatus::Truncated;
    }
    const uint32_t frac = u32(h + 4);
    out.data = h + kRecordHeader;
    out.capLen = capLen;
    out.wireLen = wireLen < capLen ? capLen : wireLen;
    out.tsUsec = int64_t(u32(h)) * 1000000 + (nanoseconds_ ? frac / 1000 : frac);
    out.filePos = pos_;
    out.linkType = linkType_;
    pos_ += kRecordHeader + capLen;
    if (pos_ - released_ >= kReleaseEvery)
        releaseConsumed();
    return ReadStatus::Packet;
}

} // namespace luacap::engine

// PacketPositions: appends packet positions to a session's buffer (packet thread) and
// copies it for tests.
#include "session/packet_positions.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace luacap::engine {

namespace {

constexpr size_t kFirstBytes = 24;   // the smallest malloc chunk: a DNS exchange fits

uint8_t *writeVarint(uint8_t *p, uint64_t v)
{
    for (; v >= 0x80; v >>= 7)
        *p++ = uint8_t(v | 0x80);
    *p++ = uint8_t(v);
    return p;
}

} // namespace

PacketPositions::PacketPositions(const PacketPositions &other)
    : size_(other.size_), cap_(other.size_), count_(other.count_), lastFile_(other.lastFile_), last_(other.last_),
      hasMarkers_(other.hasMarkers_)
{
    if (other.size_ == 0)
        return;
    data_ = static_cast<uint8_t *>(std::malloc(other.size_));
    if (!data_)
        throw std::bad_alloc();
    std::memcpy(data_, other.data_, other.size_);
}

PacketPositions::PacketPositions(PacketPositions &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      cap_(std::exchange(other.cap_, 0)), count_(std::exchange(other.count_, 0)),
      lastFile_(std::exchange(other.lastFile_, 0)), last_(std::exchange(other.last_, 0)),
      hasMarkers_(std::exchange(other.hasMarkers_, false))
{
}

PacketPositions &PacketPositions::operator=(PacketPositions other) noexcept
{
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(cap_, other.cap_);
    std::swap(count_, other.count_);
    std::swap(lastFile_, other.lastFile_);
    std::swap(last_, other.last_);
    std::swap(hasMarkers_, other.hasMarkers_);
    return *this;
}

PacketPositions::~PacketPositions()
{
    std::free(data_);
}

void PacketPositions::add(uint32_t fileIndex, uint64_t pos, uint32_t len)
{
    if (fileIndex != lastFile_) {
        lastFile_ = fileIndex;
        hasMarkers_ = true;
        append(-int64_t(fileIndex), 0);
    }
    append(int64_t(pos), len);
}

void PacketPositions::clear()
{
    size_ = 0;
    count_ = 0;
    lastFile_ = 0;
    last_ = 0;
    hasMarkers_ = false;
}

void PacketPositions::append(int64_t value, uint32_t len)
{
    constexpr size_t kMaxEntry = 10 + 5;   // two varints: the 64-bit zigzag delta and the length
    const uint64_t delta = uint64_t(value) - uint64_t(last_);
    const uint64_t zigzag = (delta << 1) ^ (0 - (delta >> 63));
    if (cap_ - size_ >= kMaxEntry) {
        size_ = uint32_t(writeVarint(writeVarint(data_ + size_, zigzag), len) - data_);
    } else {   // near the end of the buffer: grow only if this entry does not fit
        uint8_t entry[kMaxEntry];
        const size_t n = size_t(writeVarint(writeVarint(entry, zigzag), len) - entry);
        if (cap_ - size_ < n)
            grow(size_ + n);
        std::memcpy(data_ + size_, entry, n);
        size_ += uint32_t(n);
    }
    last_ = value;
    ++count_;
}

// Doubles (the first buffer holds a DNS exchange); sizes are malloc chunk sizes (16n + 8
// usable bytes), so no byte of a chunk is left unused.
void PacketPositions::grow(size_t needed)
{
    size_t cap = std::max({needed, kFirstBytes, 2 * size_t(cap_)});
    cap = ((cap + 8 + 15) & ~size_t(15)) - 8;
    uint8_t *data = static_cast<uint8_t *>(std::realloc(data_, cap));
    if (!data)
        throw std::bad_alloc();
    data_ = data;
    cap_ = uint32_t(cap);
}

} // namespace luacap::engine

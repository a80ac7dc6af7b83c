// PacketPositions: where a session's packets sit in the pcap files (Arkime packetPos,
// packetLen, fileId), delta- and varint-encoded in one small buffer: about 4 bytes a packet
// instead of 12 plus a reserve. Owned by the session (packet thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>
#include <vector>

namespace luacap::engine {

class PacketPositions {
public:
    PacketPositions() = default;
    PacketPositions(const PacketPositions &other);
    PacketPositions(PacketPositions &&other) noexcept;
    PacketPositions &operator=(PacketPositions other) noexcept;
    ~PacketPositions();

    // A packet at byte offset pos of file fileIndex, len bytes as Arkime counts them. Before
    // the first packet of a file other than the last one seen (0 at first), a -fileIndex
    // marker with length 0 is listed, as Arkime lists them.
    void add(uint32_t fileIndex, uint64_t pos, uint32_t len);
    size_t size() const { return count_; }   // packets and markers
    bool empty() const { return count_ == 0; }
    void clear();   // keeps the buffer; the next packet's file gets a marker unless it is 0

    // Entries in order: positions (negative: -fileIndex markers) or lengths (0 for markers).
    template <bool Lengths> class Range {
    public:
        using Value = std::conditional_t<Lengths, uint32_t, int64_t>;
        class const_iterator {
        public:
            using iterator_concept = std::forward_iterator_tag;
            using iterator_category = std::input_iterator_tag;
            using value_type = Value;
            using difference_type = std::ptrdiff_t;
            using reference = Value;
            using pointer = void;

            const_iterator() = default;
            Value operator*() const { return value_; }
            const_iterator &operator++()
            {
                at_ = next_;
                decode();
                return *this;
            }
            const_iterator operator++(int)
            {
                const_iterator old = *this;
                ++*this;
                return old;
            }
            bool operator==(const const_iterator &other) const { return at_ == other.at_; }

        private:
            friend class Range;
            const_iterator(const uint8_t *at, const uint8_t *end) : at_(at), end_(end) { decode(); }
            void decode();
            const uint8_t *at_ = nullptr;    // the current entry
            const uint8_t *end_ = nullptr;
            const uint8_t *next_ = nullptr;  // the entry after it
            int64_t pos_ = 0;                // the current position (entries are deltas)
            Value value_ = 0;
        };
        const_iterator begin() const { return {data_, data_ + size_}; }
        const_iterator end() const { return {data_ + size_, data_ + size_}; }
        size_t size() const { return count_; }

    private:
        friend class PacketPositions;
        Range(const uint8_t *data, uint32_t size, uint32_t count) : data_(data), size_(size), count_(count) {}
        const uint8_t *data_;
        uint32_t size_, count_;
    };
    Range<false> positions() const { return {data_, size_, count_}; }
    Range<true> lengths() const { return {data_, size_, count_}; }
    std::vector<int64_t> positionVector() const { return {positions().begin(), positions().end()}; }
    std::vector<uint32_t> lengthVector() const { return {lengths().begin(), lengths().end()}; }

    bool hasMarkers() const { return hasMarkers_; }   // some entry is a -fileIndex marker
    // Where the next entry goes (the packet path prefetches it).
    const uint8_t *tail() const { return data_ + size_; }
    size_t capacityBytes() const { return cap_; }

private:
    void append(int64_t value, uint32_t len);
    void grow(size_t needed);

    uint8_t *data_ = nullptr;
    uint32_t size_ = 0, cap_ = 0;
    uint32_t count_ = 0;
    uint32_t lastFile_ = 0;   // file of the last packet (a marker is listed when it changes)
    int64_t last_ = 0;        // last value listed (positions are stored as deltas from it)
    bool hasMarkers_ = false;
};

namespace packet_positions {
// LEB128 of the zigzag of a delta / of a length; returns the byte after it.
inline const uint8_t *readVarint(const uint8_t *p, uint64_t &v)
{
    v = 0;
    for (int shift = 0;; shift += 7) {
        const uint8_t b = *p++;
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return p;
    }
}
} // namespace packet_positions

// An entry is the zigzag varint of (value - previous value), then the varint of the length.
template <bool Lengths> void PacketPositions::Range<Lengths>::const_iterator::decode()
{
    if (at_ == end_)
        return;
    uint64_t zigzag, len;
    next_ = packet_positions::readVarint(packet_positions::readVarint(at_, zigzag), len);
    pos_ = int64_t(uint64_t(pos_) + ((zigzag >> 1) ^ (0 - (zigzag & 1))));
    value_ = Lengths ? Value(len) : Value(pos_);
}

} // namespace luacap::engine

// FuzzInput: reads a fuzzer's byte string as a small header and a list of chunks, so one
// input can describe a two-sided session (fuzz targets and the corpus replay driver; one thread).
// Layout: header [flags][src port BE16][dst port BE16], then chunks [ctl][len BE16][len bytes];
// ctl bit 0 = direction, bit 1 = a gap of len bytes (no data follows). A short last chunk
// takes what is left.
#pragma once

#include <cstddef>
#include <cstdint>

namespace luacap::fuzz {

struct FuzzHeader {
    uint8_t flags = 0;          // target-specific (bit 0: TCP for targets that offer UDP too)
    uint16_t sourcePort = 0;
    uint16_t destinationPort = 0;
};

struct FuzzChunk {
    int direction = 0;
    bool gap = false;
    const uint8_t *data = nullptr;
    uint32_t len = 0;
};

class FuzzInput {
public:
    static constexpr size_t kHeaderSize = 5;

    FuzzInput(const uint8_t *data, size_t size) : data_(data), size_(size) {}

    FuzzHeader header()
    {
        FuzzHeader h;
        if (size_ >= kHeaderSize) {
            h.flags = data_[0];
            h.sourcePort = uint16_t(data_[1] << 8 | data_[2]);
            h.destinationPort = uint16_t(data_[3] << 8 | data_[4]);
            pos_ = kHeaderSize;
        } else {
            pos_ = size_;
        }
        return h;
    }

    // False at the end of the input.
    bool next(FuzzChunk &c)
    {
        if (size_ - pos_ < 3)
            return false;
        const uint8_t ctl = data_[pos_];
        uint32_t len = uint32_t(data_[pos_ + 1] << 8 | data_[pos_ + 2]);
        pos_ += 3;
        c.direction = ctl & 1;
        c.gap = (ctl & 2) != 0;
        c.data = data_ + pos_;
        if (c.gap) {
            c.len = len;
            return true;
        }
        if (len > size_ - pos_)
            len = uint32_t(size_ - pos_);
        c.len = len;
        pos_ += len;
        return true;
    }

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

} // namespace luacap::fuzz

// PcapBlock: a run of pcap bytes of one file, filled by a reader thread and written by the
// disk thread. Preallocated once; the two threads only lend blocks back and forth.
#pragma once

#include <cstdint>
#include <memory>

namespace luacap::engine {

struct PcapBlock {
    explicit PcapBlock(size_t capacity) : bytes(new uint8_t[capacity]), capacity(capacity) {}

    void clear()
    {
        used = 0;
        opensFile = false;
    }
    bool fits(size_t n) const { return used + n <= capacity; }

    std::unique_ptr<uint8_t[]> bytes;
    size_t capacity;
    size_t used = 0;
    uint32_t fileId = 0;
    bool opensFile = false;     // the block starts with the file's global header: create the file
    int linkType = 0;           // of the file
    uint32_t snapLen = 0;       // of the file
    int64_t firstUsec = 0;      // the file's first packet time (names the file)
    int64_t lastUsec = 0;       // time of the block's last packet
};

} // namespace luacap::engine

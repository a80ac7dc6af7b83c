// PacketBatch: the unit in which packets cross from a reader thread to a packet thread.
// Reused from a pool: in the steady state no heap allocation happens per packet.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "decode/packet_info.h"

namespace luacap::engine {

struct PacketBatch {
    static constexpr size_t kMaxPackets = 512;
    static constexpr size_t kArenaBytes = 512 * 1024;

    std::vector<PacketInfo> packets;  // capacity reserved once
    std::vector<uint8_t> arena;       // copied packet bytes, capacity reserved once (never moves)
    int64_t clockUsec = 0;            // input clock (monotonic packet time) after the batch
    bool endOfInput = false;          // last batch of the run: save every open session
    bool inputTruncated = false;      // an input file ended inside a packet before this batch

    PacketBatch()
    {
        packets.reserve(kMaxPackets);
        arena.reserve(kArenaBytes + 70000);  // room for one maximal reassembled datagram
    }

    void clear()
    {
        packets.clear();
        arena.clear();
        endOfInput = false;
        inputTruncated = false;
    }
    bool full(size_t nextBytes) const
    {
        return packets.size() >= kMaxPackets || arena.size() + nextBytes > arena.capacity();
    }
    // Adds a packet whose bytes are copied into the arena (the reader's are transient: a
    // file source's buffer, a reassembled datagram). The caller checked full(len).
    void addCopy(PacketInfo &info, const uint8_t *data, uint32_t len)
    {
        assert(arena.size() + len <= arena.capacity());
        const size_t at = arena.size();
        arena.insert(arena.end(), data, data + len);
        info.data = arena.data() + at;
        info.capLen = len;
        packets.push_back(info);
    }
    const uint8_t *bytes(const PacketInfo &p) const { return p.data; }
};

} // namespace luacap::engine

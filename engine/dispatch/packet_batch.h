// PacketBatch: the unit in which packets cross from a reader thread to a packet thread.
// Reused from a pool: in the steady state no heap allocation happens per packet.
#pragma once

#include <cstdint>
#include <vector>

#include "decode/packet_info.h"

namespace luacap::engine {

struct PacketBatch {
    static constexpr size_t kMaxPackets = 512;
    static constexpr size_t kArenaBytes = 512 * 1024;

    std::vector<PacketInfo> packets;  // capacity reserved once
    std::vector<uint8_t> arena;       // packet bytes, capacity reserved once
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
    const uint8_t *bytes(const PacketInfo &p) const { return arena.data() + p.dataOffset; }
};

} // namespace luacap::engine

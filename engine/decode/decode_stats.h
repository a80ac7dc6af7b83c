// DecodeStats: counters of everything the decoder saw, kept or skipped (reader thread).
#pragma once

#include <cstdint>

namespace luacap::engine {

struct DecodeStats {
    uint64_t packets = 0;            // frames given to the decoder
    uint64_t bytes = 0;              // their wire bytes
    uint64_t sessionPackets = 0;     // frames that belong to a session
    uint64_t nonIpCounted = 0;       // valid frames not kept as sessions (unknown ethertype, ...)
    uint64_t otherIpProtocol = 0;    // IP protocols without sessions of their own
    uint64_t corruptEther = 0;       // link-layer header did not decode
    uint64_t corruptIp = 0;          // IP header did not decode
    uint64_t truncatedPackets = 0;   // caplen < wire length
    uint64_t fragments = 0;          // IP fragments received
    uint64_t fragmentsReassembled = 0;  // datagrams completed from fragments
    uint64_t fragmentsDropped = 0;   // fragments dropped (timeout, memory bound, overlap conflict)
    uint64_t unknownTunnel = 0;      // tunnels whose payload we could not decode

    void add(const DecodeStats &o)
    {
        packets += o.packets; bytes += o.bytes; sessionPackets += o.sessionPackets;
        nonIpCounted += o.nonIpCounted; otherIpProtocol += o.otherIpProtocol;
        corruptEther += o.corruptEther; corruptIp += o.corruptIp; truncatedPackets += o.truncatedPackets;
        fragments += o.fragments; fragmentsReassembled += o.fragmentsReassembled;
        fragmentsDropped += o.fragmentsDropped; unknownTunnel += o.unknownTunnel;
    }
};

} // namespace luacap::engine

// PacketDecoder: link layer -> encapsulations -> innermost IP -> transport, on the reader thread.
// One decoder per reader thread (it owns the IP defragmenter state, so it is not shared).
#pragma once

#include <cstdint>
#include <memory>

#include "decode/decode_stats.h"
#include "decode/packet_info.h"

namespace luacap::engine {

class IpDefragmenter;

struct DecoderConfig {
    bool vlanInSessionKey = false;        // Arkime sessionIdTracking=vlan
    uint32_t fragmentTimeoutUsec = 30'000'000;
    uint32_t maxFragmentBytes = 64u << 20; // memory bound for all held fragments
    uint32_t maxFragmentDatagrams = 16384;
    // Arkime saveUnknownPackets: keep unknown ethertypes / unknown IP protocols as sessions
    // (kind Session) instead of only counting them (kind Counted).
    bool saveUnknownEther = false;
    bool saveUnknownIp = false;
};

// The bytes the packet thread should see for one decoded packet. Usually the frame itself;
// for a reassembled datagram, a buffer owned by the decoder, valid until the next decode().
struct DecodedBytes {
    const uint8_t *data = nullptr;
    uint32_t len = 0;
};

class PacketDecoder {
public:
    PacketDecoder(int linkType, const DecoderConfig &config);
    ~PacketDecoder();
    PacketDecoder(const PacketDecoder &) = delete;
    PacketDecoder &operator=(const PacketDecoder &) = delete;

    // True when linkType (a libpcap DLT_* value) is one this decoder understands.
    static bool supportsLinkType(int linkType);

    // Decodes one frame into info (tsUsec/wireLen/filePos are set by the caller beforehand and kept).
    // Offsets in info are relative to the returned bytes. info.kind says what to do with it;
    // PacketKind::Fragment means the frame is held for reassembly and returns empty bytes.
    DecodedBytes decode(const uint8_t *frame, uint32_t capLen, PacketInfo &info);

    // Drops fragment buffers older than the timeout (packet time); called as the clock advances.
    void expireFragments(int64_t nowUsec);

    const DecodeStats &stats() const { return stats_; }

private:
    int linkType_;
    DecoderConfig config_;
    DecodeStats stats_;
    std::unique_ptr<IpDefragmenter> defrag_;
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace luacap::engine

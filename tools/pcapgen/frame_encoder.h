// FrameEncoder: writes one packet of a Flow as wire bytes (Ethernet, optional 802.1Q,
// IPv4 or IPv6, TCP or UDP) with correct lengths and checksums. Main (only) thread; it
// reuses one buffer, so nothing is allocated per packet.
#pragma once

#include <cstddef>
#include <cstdint>

#include "flow.h"

namespace luacap::pcapgen {

class FrameEncoder {
public:
    explicit FrameEncoder(uint32_t linktype) : linktype_(linktype) {}

    // Encodes packet `p` of `flow` into data(); returns the frame length. Bumps the IPv4 id.
    size_t encode(Flow &flow, const PacketSpec &p);
    const uint8_t *data() const { return buf_; }

    // Frame length without encoding it (for the summary's byte counts).
    size_t frameLength(const Flow &flow, const PacketSpec &p) const;

    // Internet checksum helpers, exposed for reuse.
    static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc);
    static uint16_t fold(uint32_t acc);

private:
    size_t writeLink(const Flow &flow, uint8_t dir, uint8_t *out) const;
    size_t writeIp(Flow &flow, uint8_t dir, size_t l4Length, uint8_t *out) const;
    size_t writeTcp(const Flow &flow, const PacketSpec &p, uint8_t *out) const;
    size_t writeUdp(const Flow &flow, const PacketSpec &p, uint8_t *out) const;
    uint16_t l4Checksum(const Flow &flow, uint8_t dir, const uint8_t *l4, size_t n) const;

    uint32_t linktype_;
    uint8_t buf_[2048];
};

} // namespace luacap::pcapgen

// FrameWalker, link layer: Ethernet, FDDI, Linux cooked (SLL, SLL2), BSD null/loopback, NFLOG, raw IP.
// Reader thread. Each function bounds-checks before reading.
#include "decode/frame_walker.h"

namespace luacap::engine {

namespace {
constexpr uint16_t kNflogPayload = 9;   // NFULA_PAYLOAD
constexpr uint16_t kArphrdEther = 1;
constexpr uint16_t kSllLlc = 0x0004;    // ETH_P_802_2: an 802.2 LLC header follows
} // namespace

FrameWalker::Verdict FrameWalker::link(int linkType)
{
    switch (linkType) {
    case 1: return ethernet(0);
    case 10: return fddi(0);
    case 113: return sll(0);
    case 276: return sll2(0);
    case 0: case 108: return bsdNull(0);
    case 239: return nflog(0);
    case 12: case 14: case 101: return rawIp(0);
    case 228: return ipv4(0);
    case 229: return ipv6(0);
    default:
        ++stats_.nonIpCounted;
        return Verdict::Counted;
    }
}

FrameWalker::Verdict FrameWalker::ethernet(uint32_t off)
{
    if (!has(off, 14))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    setMacs(off);
    return etherType(be16(off + 12), off + 14);
}

// SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol.
FrameWalker::Verdict FrameWalker::sll(uint32_t off)
{
    if (!has(off, 16))
        return Verdict::CorruptEther;
    if (be16(off + 2) == kArphrdEther && be16(off + 4) == 6) {
        std::memcpy(info_->srcMac.data(), data_ + off + 6, 6);
        info_->hasMac = true;
    }
    const uint16_t proto = be16(off + 14);
    return proto == kSllLlc ? llcSnap(off + 16, len_, proto) : etherType(proto, off + 16);
}

// SLL2: protocol, reserved, interface index, ARPHRD type, packet type, address length, address.
FrameWalker::Verdict FrameWalker::sll2(uint32_t off)
{
    if (!has(off, 20))
        return Verdict::CorruptEther;
    if (be16(off + 8) == kArphrdEther && data_[off + 11] == 6) {
        std::memcpy(info_->srcMac.data(), data_ + off + 12, 6);
        info_->hasMac = true;
    }
    const uint16_t proto = be16(off);
    return proto == kSllLlc ? llcSnap(off + 20, len_, proto) : etherType(proto, off + 20);
}

// The family word is in the capturing host's byte order (DLT_NULL) or big-endian (DLT_LOOP);
// a value that only makes sense one way round tells which.
FrameWalker::Verdict FrameWalker::bsdNull(uint32_t off)
{
    if (!has(off, 4))
        return Verdict::CorruptEther;
    uint32_t family = le32(off);
    if (family > 0xffff)
        family = be32(off);
    switch (family) {
    case 2: return ipv4(off + 4);
    case 24: case 28: case 30: return ipv6(off + 4);
    default:
        ++stats_.nonIpCounted;
        return Verdict::Counted;
    }
}

// NFLOG: 4-byte header (family, version, resource id), then TLVs with host-order lengths
// padded to 4 bytes; the packet is the NFULA_PAYLOAD TLV.
FrameWalker::Verdict FrameWalker::nflog(uint32_t off)
{
    if (!has(off, 4))
        return Verdict::CorruptEther;
    const uint8_t family = data_[off];
    uint32_t p = off + 4;
    while (has(p, 4)) {
        const uint16_t tlvLen = le16(p);
        const uint16_t type = le16(p + 2) & 0x7fff;
        if (tlvLen < 4 || !has(p, tlvLen))
            return Verdict::CorruptEther;
        if (type == kNflogPayload) {
            if (family == 2)
                return ipv4(p + 4);
            if (family == 10)
                return ipv6(p + 4);
            return ipByVersion(p + 4);
        }
        p += (uint32_t(tlvLen) + 3) & ~3u;
    }
    ++stats_.nonIpCounted;
    return Verdict::Counted;
}

FrameWalker::Verdict FrameWalker::rawIp(uint32_t off)
{
    return ipByVersion(off);
}

} // namespace luacap::engine

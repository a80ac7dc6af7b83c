// FrameWalker, 802.2 LLC/SNAP: FDDI frames, 802.3 length-field Ethernet frames and Linux cooked
// LLC frames carry their ethertype in a SNAP header (reader thread).
#include "decode/frame_walker.h"

namespace luacap::engine {

namespace {
constexpr uint32_t kFddiHeader = 13;        // frame control, destination, source
constexpr uint8_t kFddiFormatMask = 0xf0;   // class, address length and format bits of FC
constexpr uint8_t kFddiLlcAsync = 0x50, kFddiLlcSync = 0xd0;
constexpr uint8_t kSnapSap = 0xaa, kLlcUi = 0x03;
constexpr uint32_t kSnapHeader = 8;         // DSAP, SSAP, control, OUI, protocol

// FDDI sends each byte least significant bit first and DLT_FDDI captures keep the MACs in
// that order; Wireshark shows them reversed into canonical form (08:00:2b... for DEC).
uint8_t reverseBits(uint8_t b)
{
    b = uint8_t((b & 0xf0) >> 4 | (b & 0x0f) << 4);
    b = uint8_t((b & 0xcc) >> 2 | (b & 0x33) << 2);
    return uint8_t((b & 0xaa) >> 1 | (b & 0x55) << 1);
}

// RFC 1042 (00-00-00) and 802.1H bridge tunnel (00-00-f8) OUIs say the SNAP protocol is an
// ethertype; other OUIs (Cisco CDP, ...) number their own protocols.
bool ethertypeOui(const uint8_t *oui)
{
    return oui[0] == 0 && oui[1] == 0 && (oui[2] == 0 || oui[2] == 0xf8);
}
} // namespace

// Only LLC frames carry user data; SMT, MAC and token frames manage the ring.
FrameWalker::Verdict FrameWalker::fddi(uint32_t off)
{
    if (!has(off, kFddiHeader))
        return Verdict::CorruptEther;
    for (size_t i = 0; i < 6; ++i) {
        info_->dstMac[i] = reverseBits(data_[off + 1 + i]);
        info_->srcMac[i] = reverseBits(data_[off + 7 + i]);
    }
    info_->hasMac = true;
    const uint8_t format = data_[off] & kFddiFormatMask;
    if (format != kFddiLlcAsync && format != kFddiLlcSync) {
        ++stats_.nonIpCounted;
        return Verdict::Counted;
    }
    return llcSnap(off + kFddiHeader, len_, 0);
}

// An Ethernet "type" up to 1500 is the 802.3 payload length, and an LLC header follows.
FrameWalker::Verdict FrameWalker::ieee8023(uint16_t length, uint32_t off)
{
    if (!has(off, length)) {
        if (haveIp_)
            return corruptIp();
        setEtherType(length);
        return keyMacs(length, Verdict::CorruptEther);
    }
    return llcSnap(off, off + length, length);
}

// lengthType is what Arkime would call the ethertype of a frame without SNAP (the 802.3
// length, the SLL protocol, 0 for FDDI); such frames are unknown ethertypes.
FrameWalker::Verdict FrameWalker::llcSnap(uint32_t off, uint32_t end, uint16_t lengthType)
{
    if (end >= off && end - off >= kSnapHeader && data_[off] == kSnapSap && data_[off + 1] == kSnapSap &&
        data_[off + 2] == kLlcUi && ethertypeOui(data_ + off + 3))
        return etherType(be16(off + 6), off + kSnapHeader);
    if (!haveIp_)
        setEtherType(lengthType);
    return unknownEther(lengthType);
}

} // namespace luacap::engine

// FrameWalker, tunnels: GRE (v0/v1, ERSPAN, TEB, PPP), VXLAN, Geneve, GTP-U and IP-in-IP.
// The session is the innermost flow, as in Arkime (reader thread).
#include "decode/frame_walker.h"

namespace luacap::engine {

namespace {
constexpr uint16_t kGreChecksum = 0x8000, kGreRouting = 0x4000, kGreKey = 0x2000, kGreSeq = 0x1000;
constexpr uint16_t kGreAck = 0x0080;   // version 1 (PPTP) acknowledgment number present
} // namespace

void FrameWalker::enterTunnel(uint32_t encap)
{
    info_->encaps |= encap;
}

// GRE header: flags/version, protocol, then optional checksum+offset, key, sequence, (v1) ack,
// and (v0 with R) a list of source route entries ended by an empty one.
FrameWalker::Verdict FrameWalker::gre(uint32_t off)
{
    enterTunnel(EncapGre);
    const uint32_t end = ip_.end;
    if (off + 4 > end)
        return corruptIp();
    const uint16_t flags = be16(off);
    const uint16_t proto = be16(off + 2);
    uint32_t p = off + 4;
    p += (flags & (kGreChecksum | kGreRouting)) ? 4 : 0;
    p += (flags & kGreKey) ? 4 : 0;
    p += (flags & kGreSeq) ? 4 : 0;
    p += ((flags & 7) == 1 && (flags & kGreAck)) ? 4 : 0;
    if ((flags & kGreRouting) && (flags & 7) == 0) {
        for (int i = 0;; ++i) {
            if (p + 4 > end || i > 32)
                return corruptIp();
            const uint8_t sreLen = data_[p + 3];
            p += 4 + sreLen;
            if (sreLen == 0)
                break;
        }
    }
    if (p > end)
        return corruptIp();
    switch (proto) {
    case 0x0800: return ipv4(p);
    case 0x86dd: return ipv6(p);
    case 0x6558:
        enterTunnel(EncapTeb);
        return ethernet(p);
    case 0x88be:
        if (!(flags & kGreSeq)) {   // ERSPAN type I: no header of its own
            enterTunnel(EncapErspan);
            return ethernet(p);
        }
        return erspan(proto, p);
    case 0x22eb: return erspan(proto, p);
    case 0x880b: return grePpp(p, end);
    default:
        ++stats_.unknownTunnel;
        return otherIp(47);
    }
}

// PPP inside GRE (PPTP): optional HDLC address/control (ff 03), then a 1- or 2-byte protocol
// (protocol-field compression: an odd first byte is the whole field).
FrameWalker::Verdict FrameWalker::grePpp(uint32_t p, uint32_t end)
{
    if (p + 2 <= end && data_[p] == 0xff && data_[p + 1] == 0x03)
        p += 2;
    if (p >= end)
        return p == end ? otherIp(47) : corruptIp();
    if (data_[p] & 1)
        return ppp(data_[p], p + 1);
    if (p + 2 > end)
        return corruptIp();
    return ppp(be16(p), p + 2);
}

// VXLAN: flags (I bit) + 24-bit VNI, then an Ethernet frame.
FrameWalker::Verdict FrameWalker::vxlan(uint32_t off)
{
    enterTunnel(EncapVxlan);
    return ethernet(off + 8);
}

// VXLAN-GPE: flags (I and P bits), reserved, next protocol, VNI.
FrameWalker::Verdict FrameWalker::vxlanGpe(uint32_t off)
{
    enterTunnel(EncapVxlan);
    switch (data_[off + 3]) {
    case 1: return ipv4(off + 8);
    case 2: return ipv6(off + 8);
    case 3: return ethernet(off + 8);
    case 4: return nsh(off + 8);
    default:
        ++stats_.unknownTunnel;
        return corruptIp();
    }
}

// Geneve: version/option length, flags, protocol type, VNI, options.
FrameWalker::Verdict FrameWalker::geneve(uint32_t off)
{
    enterTunnel(EncapGeneve);
    const uint32_t p = off + 8 + uint32_t(data_[off] & 0x3f) * 4;
    if (p > ip_.end)
        return corruptIp();
    switch (be16(off + 2)) {
    case 0x6558: return ethernet(p);
    case 0x0800: return ipv4(p);
    case 0x86dd: return ipv6(p);
    default:
        ++stats_.unknownTunnel;
        return corruptIp();
    }
}

// GTP-U G-PDU: 8-byte header, 4 more when E/S/PN is set, then extension headers chained by
// their last byte (length in 4-byte units), then the user's IP packet.
FrameWalker::Verdict FrameWalker::gtp(uint32_t off)
{
    enterTunnel(EncapGtp);
    const uint32_t end = ip_.end;
    const uint8_t flags = data_[off];
    uint32_t p = off + 8;
    if (flags & 0x07) {
        if (p + 4 > end)
            return corruptIp();
        uint8_t next = (flags & 0x04) ? data_[p + 3] : 0;
        p += 4;
        for (int i = 0; next != 0; ++i) {
            if (p >= end || i > 16)
                return corruptIp();
            const uint32_t len = uint32_t(data_[p]) * 4;
            if (len == 0 || p + len > end)
                return corruptIp();
            next = data_[p + len - 1];
            p += len;
        }
    }
    return ipByVersion(p);
}

FrameWalker::Verdict FrameWalker::ipInIp(uint32_t off)
{
    enterTunnel(EncapIpInIp);
    return ip_.protocol == 4 ? ipv4(off) : ipv6(off);
}

} // namespace luacap::engine

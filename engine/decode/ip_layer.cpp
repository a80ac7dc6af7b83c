// FrameWalker, IP layer: IPv4 (options), IPv6 (extension headers), fragments handed to the
// IpDefragmenter, and the dispatch on the upper-layer protocol (reader thread).
#include "decode/frame_walker.h"

#include "decode/ip_defragmenter.h"

#include <algorithm>

namespace luacap::engine {

namespace {
constexpr int kMaxExtensionHeaders = 16;
} // namespace

FrameWalker::Verdict FrameWalker::ipByVersion(uint32_t off)
{
    if (!has(off, 1))
        return corruptIp();
    switch (data_[off] >> 4) {
    case 4: return ipv4(off);
    case 6: return ipv6(off);
    default: return corruptIp();
    }
}

// The previous IP layer becomes the tunnel's outer address pair: Arkime reports the IP that
// directly carries the innermost one (6-4-gre-ppp-udp-4-dns shows the IPv4 inside the IPv6).
void FrameWalker::enterIp(AddressFamily family, uint32_t off, uint32_t srcOff, uint32_t dstOff, uint32_t end)
{
    prevIp_ = ip_;
    prevHaveIp_ = haveIp_;
    if (haveIp_) {
        const int n = ip_.family == AddressFamily::V6 ? 16 : 4;
        info_->outerFamily = ip_.family;
        info_->outerSrc = {};
        info_->outerDst = {};
        std::memcpy(info_->outerSrc.data(), data_ + ip_.srcOff, size_t(n));
        std::memcpy(info_->outerDst.data(), data_ + ip_.dstOff, size_t(n));
    }
    ip_ = IpLayer{family, off, srcOff, dstOff, end, 0};
    haveIp_ = true;
    info_->l3Offset = uint16_t(off);
    setPacketAddresses(family, srcOff, dstOff);
}

// The packet's own endpoints follow the innermost IP header; an outer header's ports are not
// this header's, so they go back to 0 until its transport header sets them.
void FrameWalker::setPacketAddresses(AddressFamily family, uint32_t srcOff, uint32_t dstOff)
{
    info_->ipFamily = family;
    if (family == AddressFamily::V6) {
        std::memcpy(info_->srcIp.data(), data_ + srcOff, 16);
        std::memcpy(info_->dstIp.data(), data_ + dstOff, 16);
    } else {   // constant sizes compile to plain moves; a v4 inside v6 clears the v6 tail
        info_->srcIp = {};
        info_->dstIp = {};
        std::memcpy(info_->srcIp.data(), data_ + srcOff, 4);
        std::memcpy(info_->dstIp.data(), data_ + dstOff, 4);
    }
    setPorts(0, 0);
}

FrameWalker::Verdict FrameWalker::ipv4(uint32_t off)
{
    if (!deeper() || !has(off, 20) || (data_[off] >> 4) != 4)
        return corruptIp();
    const uint32_t hdr = uint32_t(data_[off] & 0x0f) * 4;
    const uint32_t total = be16(off + 2);
    if (hdr < 20 || !has(off, hdr) || total < hdr)
        return corruptIp();
    const uint32_t end = std::min(off + total, len_);
    enterIp(AddressFamily::V4, off, off + 12, off + 16, end);
    ip_.protocol = data_[off + 9];
    info_->ipProtocol = ip_.protocol;
    info_->ttl = data_[off + 8];
    const uint16_t frag = be16(off + 6);
    const bool more = frag & 0x2000;
    const uint32_t fragOffset = uint32_t(frag & 0x1fff) * 8;
    if (more || fragOffset)
        return fragment(off, off + hdr, fragOffset, more, be16(off + 4));
    return ipPayload(off + hdr);
}

FrameWalker::Verdict FrameWalker::ipv6(uint32_t off)
{
    if (!deeper() || !has(off, 40) || (data_[off] >> 4) != 6)
        return corruptIp();
    const uint32_t payload = be16(off + 4);
    // A zero payload length is a jumbogram (or a lie): trust the capture then.
    const uint32_t end = payload ? std::min(off + 40 + payload, len_) : len_;
    enterIp(AddressFamily::V6, off, off + 8, off + 24, end);
    info_->ttl = data_[off + 7];
    uint8_t next = data_[off + 6];
    uint32_t p = off + 40;
    for (int i = 0; i < kMaxExtensionHeaders; ++i) {
        if (next != 0 && next != 43 && next != 60 && next != 51 && next != 44)
            break;
        const uint32_t need = next == 44 ? 8 : 2;
        if (p > end || end - p < need)
            return corruptIp();
        if (next == 44) {
            const uint16_t fo = be16(p + 2);
            const uint32_t id = be32(p + 4);
            next = data_[p];
            p += 8;
            ip_.protocol = next;
            info_->ipProtocol = next;
            if ((fo & 0xfff8) || (fo & 1))
                return fragment(off, p, fo & 0xfff8, fo & 1, id);
            continue;   // atomic fragment: a whole datagram
        }
        const uint32_t len = next == 51 ? (uint32_t(data_[p + 1]) + 2) * 4 : (uint32_t(data_[p + 1]) + 1) * 8;
        next = data_[p];
        p += len;
    }
    if (p > end)
        return corruptIp();
    ip_.protocol = next;
    info_->ipProtocol = next;
    return ipPayload(p);
}

// A completed datagram is re-walked from its IP header in the defragmenter's buffer, which
// keeps the frame's bytes in front so outer offsets stay valid. IPv6 extension headers in
// front of the fragment header are not kept in the rebuilt datagram.
FrameWalker::Verdict FrameWalker::fragment(uint32_t ipOff, uint32_t payloadOff, uint32_t fragOffset, bool more,
                                           uint32_t id)
{
    if (payloadOff > ip_.end)
        return corruptIp();
    IpFragment f;
    f.family = ip_.family;
    f.src = data_ + ip_.srcOff;
    f.dst = data_ + ip_.dstOff;
    f.id = id;
    f.protocol = ip_.protocol;
    f.offset = fragOffset;
    f.more = more;
    f.header = data_ + ipOff;
    f.headerLen = ip_.family == AddressFamily::V6 ? 40 : payloadOff - ipOff;
    f.payload = data_ + payloadOff;
    f.payloadLen = ip_.end - payloadOff;
    f.prefix = data_;
    f.prefixLen = ipOff;
    f.tsUsec = info_->tsUsec;
    f.wireLen = info_->wireLen;
    if (defrag_.add(f) != IpDefragmenter::Result::Complete)
        return Verdict::Fragment;
    data_ = defrag_.output();
    len_ = defrag_.outputLen();
    info_->frameCount = defrag_.outputFrames();
    info_->wireLen = defrag_.outputWireLen();
    info_->flags |= FlagReassembled;
    ip_ = prevIp_;
    haveIp_ = prevHaveIp_;
    return f.family == AddressFamily::V6 ? ipv6(ipOff) : ipv4(ipOff);
}

FrameWalker::Verdict FrameWalker::ipPayload(uint32_t off)
{
    info_->l4Offset = uint16_t(off);
    switch (ip_.protocol) {
    case 6: return tcp(off);
    case 17: return udp(off);
    case 132: return sctp(off);
    case 1: case 58: return icmp(off);
    case 47: return gre(off);
    case 4: case 41: return ipInIp(off);
    case 50: return addressOnly(50);
    case 2: case 89: case 103: return lumped(ip_.protocol);
    default: return otherIp(ip_.protocol);
    }
}

} // namespace luacap::engine

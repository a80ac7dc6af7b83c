// FrameEncoder: packet specs to wire bytes with checksums (main thread).
#include "frame_encoder.h"

#include <cstring>

namespace luacap::pcapgen {

namespace {

void put16(uint8_t *p, uint32_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}
void put32(uint8_t *p, uint32_t v) {
    put16(p, v >> 16);
    put16(p + 2, v);
}

constexpr size_t kTcpSynHeader = 24;   // 20 + MSS option
constexpr uint8_t kProtoTcp = 6, kProtoUdp = 17;

size_t l4HeaderLength(const Flow &flow, const PacketSpec &p) {
    if (!flow.tcp) return 8;
    return (p.flags & kSyn) ? kTcpSynHeader : 20;
}

} // namespace

uint32_t FrameEncoder::sum16(const uint8_t *p, size_t n, uint32_t acc) {
    uint64_t s = acc;
    for (; n >= 2; p += 2, n -= 2) s += uint32_t(p[0]) << 8 | p[1];
    if (n) s += uint32_t(p[0]) << 8;
    while (s >> 32) s = (s & 0xffffffff) + (s >> 32);
    return uint32_t(s);
}

uint16_t FrameEncoder::fold(uint32_t acc) {
    uint64_t s = acc;
    while (s >> 16) s = (s & 0xffff) + (s >> 16);
    return uint16_t(~s & 0xffff);
}

size_t FrameEncoder::frameLength(const Flow &flow, const PacketSpec &p) const {
    size_t n = linktype_ == 1 ? 14 + (flow.vlan ? 4 : 0) : 0;
    n += flow.ipv6 ? 40 : 20;
    return n + l4HeaderLength(flow, p) + p.length;
}

size_t FrameEncoder::encode(Flow &flow, const PacketSpec &p) {
    const size_t l4Len = l4HeaderLength(flow, p) + p.length;
    size_t off = writeLink(flow, p.dir, buf_);
    off += writeIp(flow, p.dir, l4Len, buf_ + off);
    uint8_t *l4 = buf_ + off;
    const size_t hdr = flow.tcp ? writeTcp(flow, p, l4) : writeUdp(flow, p, l4);
    std::memcpy(l4 + hdr, flow.conv.stream[p.dir].data() + p.offset, p.length);
    const uint16_t csum = l4Checksum(flow, p.dir, l4, l4Len);
    put16(l4 + (flow.tcp ? 16 : 6), (!flow.tcp && csum == 0) ? 0xffff : csum);
    return off + l4Len;
}

size_t FrameEncoder::writeLink(const Flow &flow, uint8_t dir, uint8_t *out) const {
    if (linktype_ != 1) return 0;
    std::memcpy(out, flow.ends[1 - dir].mac.data(), 6);
    std::memcpy(out + 6, flow.ends[dir].mac.data(), 6);
    size_t off = 12;
    if (flow.vlan) {
        put16(out + off, 0x8100);
        put16(out + off + 2, flow.vlan);
        off += 4;
    }
    put16(out + off, flow.ipv6 ? 0x86dd : 0x0800);
    return off + 2;
}

size_t FrameEncoder::writeIp(Flow &flow, uint8_t dir, size_t l4Length, uint8_t *out) const {
    Endpoint &src = flow.ends[dir];
    const Endpoint &dst = flow.ends[1 - dir];
    const uint8_t proto = flow.tcp ? kProtoTcp : kProtoUdp;
    if (flow.ipv6) {
        put32(out, 0x60000000);
        put16(out + 4, uint32_t(l4Length));
        out[6] = proto;
        out[7] = src.ttl;
        std::memcpy(out + 8, src.ip.data(), 16);
        std::memcpy(out + 24, dst.ip.data(), 16);
        return 40;
    }
    out[0] = 0x45;
    out[1] = 0;
    put16(out + 2, uint32_t(20 + l4Length));
    put16(out + 4, src.ipId++);
    put16(out + 6, 0x4000);   // DF
    out[8] = src.ttl;
    out[9] = proto;
    put16(out + 10, 0);
    std::memcpy(out + 12, src.ip.data(), 4);
    std::memcpy(out + 16, dst.ip.data(), 4);
    put16(out + 10, fold(sum16(out, 20, 0)));
    return 20;
}

size_t FrameEncoder::writeTcp(const Flow &flow, const PacketSpec &p, uint8_t *out) const {
    const size_t hdr = (p.flags & kSyn) ? kTcpSynHeader : 20;
    put16(out, flow.ends[p.dir].port);
    put16(out + 2, flow.ends[1 - p.dir].port);
    put32(out + 4, p.seq);
    put32(out + 8, (p.flags & kAck) ? p.ack : 0);
    out[12] = uint8_t((hdr / 4) << 4);
    out[13] = p.flags;
    put16(out + 14, flow.window[p.dir]);
    put32(out + 16, 0);   // checksum and urgent pointer
    if (p.flags & kSyn) put32(out + 20, 0x020405b4);   // MSS 1460
    return hdr;
}

size_t FrameEncoder::writeUdp(const Flow &flow, const PacketSpec &p, uint8_t *out) const {
    put16(out, flow.ends[p.dir].port);
    put16(out + 2, flow.ends[1 - p.dir].port);
    put16(out + 4, uint32_t(8 + p.length));
    put16(out + 6, 0);
    return 8;
}

uint16_t FrameEncoder::l4Checksum(const Flow &flow, uint8_t dir, const uint8_t *l4, size_t n) const {
    const size_t ipLen = flow.ipv6 ? 16 : 4;
    uint32_t acc = sum16(flow.ends[dir].ip.data(), ipLen, 0);
    acc = sum16(flow.ends[1 - dir].ip.data(), ipLen, acc);
    uint8_t tail[4];
    put16(tail, flow.tcp ? kProtoTcp : kProtoUdp);
    put16(tail + 2, uint32_t(n));
    acc = sum16(tail, 4, acc);   // same sum for the IPv4 and IPv6 pseudo-header layouts
    return fold(sum16(l4, n, acc));
}

} // namespace luacap::pcapgen

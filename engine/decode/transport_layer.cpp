// FrameWalker, transport layer: TCP, UDP (and the UDP tunnels it leads to), SCTP, ICMP/ICMPv6,
// ESP, and the IP protocols Arkime lumps or keeps only on request (reader thread).
// Lengths are bounded by the IP datagram (ip_.end), never by the capture alone.
#include "decode/frame_walker.h"

#include <algorithm>

namespace luacap::engine {

namespace {
constexpr uint16_t kVxlanPort = 4789, kVxlanGpePort = 4790, kGenevePort = 6081, kGtpUserPort = 2152;
constexpr uint16_t kDhcpServer = 67, kDhcpClient = 68, kDhcp6Client = 546, kDhcp6Server = 547;
constexpr uint8_t kDhcp6MaxType = 35;   // highest DHCPv6 message type Arkime names
} // namespace

void FrameWalker::setPayload(uint32_t l4Off, uint32_t payloadOff)
{
    info_->l4Offset = uint16_t(std::min<uint32_t>(l4Off, 0xffff));
    info_->payloadOffset = uint16_t(std::min<uint32_t>(payloadOff, 0xffff));
    const uint32_t len = ip_.end > payloadOff ? ip_.end - payloadOff : 0;
    info_->payloadLen = uint16_t(std::min<uint32_t>(len, 0xffff));
}

FrameWalker::Verdict FrameWalker::keyIp(uint16_t srcPort, uint16_t dstPort)
{
    const bool srcIsA = makeSessionKey(ip_.family, data_ + ip_.srcOff, data_ + ip_.dstOff, srcPort, dstPort, ip_.protocol,
                                       vlanKey(), info_->key);
    setKey(info_->key, srcIsA);   // built in place: setKey skips the copy
    // Offsets are 16-bit: a jumbo frame past 64 KiB cannot be described, so it is not a session.
    return ip_.end > 0xffff ? Verdict::CorruptIp : Verdict::Session;
}

// Arkime's corrupt-ip keeps a session on the addresses of the last good IP header, ports 0.
FrameWalker::Verdict FrameWalker::corruptIp()
{
    if (haveIp_)
        keyIp(0, 0);
    return Verdict::CorruptIp;
}

FrameWalker::Verdict FrameWalker::tcp(uint32_t off)
{
    if (off + 20 > ip_.end)
        return corruptIp();
    const uint32_t hdr = uint32_t(data_[off + 12] >> 4) * 4;
    if (hdr < 20 || off + hdr > ip_.end)
        return corruptIp();
    info_->tcpSeq = be32(off + 4);
    info_->tcpAck = be32(off + 8);
    info_->tcpFlags = uint16_t(data_[off + 13] | ((data_[off + 12] & 1) << 8));
    info_->tcpWindow = be16(off + 14);
    setPayload(off, off + hdr);
    setPorts(be16(off), be16(off + 2));
    return keyIp(be16(off), be16(off + 2));
}

FrameWalker::Verdict FrameWalker::udp(uint32_t off)
{
    if (off + 8 > ip_.end)
        return corruptIp();
    const uint32_t udpLen = be16(off + 4);
    if (udpLen < 8)
        return corruptIp();   // arkime_synthetic.pcap frame 818: UDP length 0 -> corrupt-ip
    ip_.end = std::min(ip_.end, off + udpLen);
    const uint16_t srcPort = be16(off), dstPort = be16(off + 2);
    const uint32_t p = off + 8;
    if (dstPort == kVxlanPort && p + 8 + 14 <= ip_.end && (data_[p] & 0x08))
        return vxlan(p);
    if (dstPort == kVxlanGpePort && p + 8 <= ip_.end && (data_[p] & 0x08))
        return vxlanGpe(p);
    if (dstPort == kGenevePort && p + 8 <= ip_.end && (data_[p] >> 6) == 0)
        return geneve(p);
    if ((dstPort == kGtpUserPort || srcPort == kGtpUserPort) && p + 8 <= ip_.end && (data_[p] >> 5) == 1 &&
        (data_[p] & 0x10) && data_[p + 1] == 0xff)
        return gtp(p);
    setPayload(off, p);
    setPorts(srcPort, dstPort);
    if (srcPort == kDhcpServer || srcPort == kDhcpClient || dstPort == kDhcpServer || dstPort == kDhcpClient)
        return dhcp(p);
    if (srcPort == kDhcp6Client || srcPort == kDhcp6Server || dstPort == kDhcp6Client || dstPort == kDhcp6Server)
        return dhcp6(p);
    return keyIp(srcPort, dstPort);
}

// Arkime keys a valid DHCP message on the client MAC (chaddr), so a broadcast exchange from
// 0.0.0.0 and the server's answers form one session; anything else stays a plain UDP flow.
FrameWalker::Verdict FrameWalker::dhcp(uint32_t p)
{
    static constexpr uint8_t kCookie[4] = {0x63, 0x82, 0x53, 0x63};
    const bool valid = p + 256 <= ip_.end && (data_[p] == 1 || data_[p] == 2) && data_[p + 1] == 1 &&
                       data_[p + 2] == 6 && std::memcmp(data_ + p + 236, kCookie, 4) == 0;
    if (!valid)
        return keyIp(be16(p - 8), be16(p - 6));
    SessionKey key;
    key.family = ip_.family;
    key.ipProtocol = 17;
    key.portA = key.portB = kDhcpServer;
    std::memcpy(key.addrA.data(), data_ + p + 28, 6);
    setKey(key, data_[p] == 1);
    return Verdict::Session;
}

// DHCPv6 sessions key on the 3-byte transaction id (a multicast Solicit and its unicast
// Advertise share it; wireshark-dhcpv6.test).
FrameWalker::Verdict FrameWalker::dhcp6(uint32_t p)
{
    if (p + 4 > ip_.end || data_[p] == 0 || data_[p] > kDhcp6MaxType)
        return keyIp(be16(p - 8), be16(p - 6));
    SessionKey key;
    key.family = ip_.family;
    key.ipProtocol = 17;
    key.portA = key.portB = kDhcp6Server;
    std::memcpy(key.addrA.data(), data_ + p + 1, 3);
    setKey(key, be16(p - 6) == kDhcp6Server);
    return Verdict::Session;
}

FrameWalker::Verdict FrameWalker::sctp(uint32_t off)
{
    if (off + 12 > ip_.end)
        return corruptIp();
    setPayload(off, off + 12);
    setPorts(be16(off), be16(off + 2));
    return keyIp(be16(off), be16(off + 2));
}

// ICMP and ICMPv6 sessions key on the addresses with ports 0 (cloudshark-arp.test).
FrameWalker::Verdict FrameWalker::icmp(uint32_t off)
{
    if (off + 4 > ip_.end)
        return corruptIp();
    info_->icmpType = data_[off];
    info_->icmpCode = data_[off + 1];
    setPayload(off, std::min(off + 8, ip_.end));
    return keyIp(0, 0);
}

// ESP (with Arkime's trackESP): one session per address pair, ports 0. The SPI is not in the
// key: IKEv2.test shows both directions (two SPIs) in one esp session.
FrameWalker::Verdict FrameWalker::addressOnly(uint8_t)
{
    setPayload(info_->l4Offset, info_->l4Offset);
    return keyIp(0, 0);
}

// Arkime's igmp, pim and ospf parsers lump every packet of the protocol into one session
// (igmp.test: 29 packets between several hosts in one session), so the key has no addresses.
FrameWalker::Verdict FrameWalker::lumped(uint8_t protocol)
{
    setPayload(info_->l4Offset, info_->l4Offset);
    SessionKey key;
    key.family = ip_.family;
    key.ipProtocol = protocol;
    setKey(key, true);
    return Verdict::Session;
}

// Other IP protocols (AH, ...) are Arkime's unknown-ip: a session on the addresses only with
// saveUnknownPackets (arkime_synthetic.test keeps proto 51 so), otherwise just counted.
FrameWalker::Verdict FrameWalker::otherIp(uint8_t protocol)
{
    setPayload(info_->l4Offset, info_->l4Offset);
    ip_.protocol = protocol;
    const Verdict v = keyIp(0, 0);
    if (config_.saveUnknownIp || v != Verdict::Session)
        return v;
    ++stats_.otherIpProtocol;
    return Verdict::Counted;
}

} // namespace luacap::engine

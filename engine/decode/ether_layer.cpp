// FrameWalker, ethertype layer: VLAN/QinQ, MPLS, PPPoE/PPP, ARP, NSH, Cisco metadata, ERSPAN
// and ethertypes without a decoder (reader thread).
#include "decode/frame_walker.h"

namespace luacap::engine {

namespace {
constexpr uint16_t kMaxLengthField = 1500;   // below this the "ethertype" is an 802.3 length
} // namespace

FrameWalker::Verdict FrameWalker::etherType(uint16_t type, uint32_t off)
{
    if (!deeper())
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    if (type == 0x8100 || type == 0x88a8 || type == 0x9100)
        return vlan(off);
    if (type <= kMaxLengthField)
        return ieee8023(type, off);
    // Arkime's "ethertype" is the first one after any VLAN tags (0x8847 for MPLS, 34525 for
    // the outer IPv6 of 6-4-gre-ppp-udp-4-dns); link layers without one leave it unset.
    if (!haveIp_)
        setEtherType(type);
    switch (type) {
    case 0x0800: return ipv4(off);
    case 0x86dd: return ipv6(off);
    case 0x0806: return arp(off);
    case 0x8847: case 0x8848: return mpls(off);
    case 0x8864: return pppoe(off);
    case 0x894f: return nsh(off);
    case 0x88be: case 0x22eb: return erspan(type, off);
    case 0x8909:   // Cisco metadata: version, length, option, SGT, then the next ethertype
        if (!has(off, 8))
            return haveIp_ ? corruptIp() : Verdict::CorruptEther;
        return etherType(be16(off + 6), off + 8);
    default:
        return unknownEther(type);
    }
}

FrameWalker::Verdict FrameWalker::vlan(uint32_t off)
{
    if (!has(off, 4))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    info_->encaps |= EncapVlan;
    if (info_->vlanCount < info_->vlans.size())
        info_->vlans[info_->vlanCount++] = be16(off) & 0x0fff;
    return etherType(be16(off + 2), off + 4);
}

// Label stack to bottom-of-stack, then the payload's version nibble picks IPv4/IPv6; a zero
// nibble is the pseudowire control word of Ethernet over MPLS.
FrameWalker::Verdict FrameWalker::mpls(uint32_t off)
{
    info_->encaps |= EncapMpls;
    for (;;) {
        if (!has(off, 4) || !deeper())
            return haveIp_ ? corruptIp() : Verdict::CorruptEther;
        const bool bottom = data_[off + 2] & 1;
        off += 4;
        if (bottom)
            break;
    }
    if (!has(off, 1))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    switch (data_[off] >> 4) {
    case 4: return ipv4(off);
    case 6: return ipv6(off);
    case 0: return ethernet(off + 4);
    default:
        ++stats_.unknownTunnel;
        return unknownEther(0x8847);
    }
}

FrameWalker::Verdict FrameWalker::pppoe(uint32_t off)
{
    if (!has(off, 8) || data_[off] != 0x11)
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    info_->encaps |= EncapPppoe;
    return ppp(be16(off + 6), off + 8);
}

FrameWalker::Verdict FrameWalker::ppp(uint16_t proto, uint32_t off)
{
    info_->encaps |= EncapPpp;
    if (proto == 0x0021)
        return ipv4(off);
    if (proto == 0x0057)
        return ipv6(off);
    ++stats_.nonIpCounted;   // LCP, IPCP, CHAP, ...: link control, no flow
    return Verdict::Counted;
}

// Arkime keys ARP on the address being resolved: the target of a request, the sender of a
// reply, so a request and its answer share a session; every packet counts as "source".
FrameWalker::Verdict FrameWalker::arp(uint32_t off)
{
    if (!has(off, 28) || data_[off + 4] != 6 || data_[off + 5] != 4)
        return haveIp_ ? corruptIp() : keyMacs(0x0806, Verdict::CorruptEther);
    info_->l3Offset = uint16_t(off);
    const uint32_t addr = data_[off + 7] == 1 ? off + 24 : off + 14;
    SessionKey key;
    key.family = AddressFamily::NonIp;
    std::memcpy(key.addrA.data(), data_ + addr, 4);
    key.portA = key.portB = 0x0806;
    setKey(key, true);
    return Verdict::Session;
}

// NSH: length (6 bits, 4-byte words) in byte 1, next protocol in byte 3.
FrameWalker::Verdict FrameWalker::nsh(uint32_t off)
{
    if (!has(off, 8))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    const uint32_t hdr = uint32_t(data_[off + 1] & 0x3f) * 4;
    if (hdr < 8 || !has(off, hdr))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    switch (data_[off + 3]) {
    case 1: return ipv4(off + hdr);
    case 2: return ipv6(off + hdr);
    case 3: return ethernet(off + hdr);
    default:
        ++stats_.unknownTunnel;
        return unknownEther(0x894f);
    }
}

// ERSPAN type II has an 8-byte header; type III 12 bytes plus an 8-byte platform subheader
// when its O bit is set. Both carry a whole Ethernet frame.
FrameWalker::Verdict FrameWalker::erspan(uint16_t type, uint32_t off)
{
    info_->encaps |= EncapErspan;
    uint32_t hdr = 8;
    if (type == 0x22eb) {
        if (!has(off, 12))
            return haveIp_ ? corruptIp() : Verdict::CorruptEther;
        hdr = (data_[off + 11] & 1) ? 20 : 12;
    }
    if (!has(off, hdr))
        return haveIp_ ? corruptIp() : Verdict::CorruptEther;
    return ethernet(off + hdr);
}

// Inside a tunnel an undecodable inner frame is Arkime's corrupt-ip on the tunnel's IP
// (gre-erspan.pcap: CDP over ERSPAN); at the top it is a MAC-keyed non-IP session (LLDP
// has an Arkime parser, other ethertypes are kept only with saveUnknownPackets).
FrameWalker::Verdict FrameWalker::unknownEther(uint16_t type)
{
    if (haveIp_)
        return corruptIp();
    if (type == 0x88cc || config_.saveUnknownEther)
        return keyMacs(type, Verdict::Session);
    keyMacs(type, Verdict::Counted);
    ++stats_.nonIpCounted;
    return Verdict::Counted;
}

FrameWalker::Verdict FrameWalker::keyMacs(uint16_t type, Verdict v)
{
    if (!info_->hasMac)
        return v;
    const bool srcIsA = makeSessionKey(AddressFamily::NonIp, info_->srcMac.data(), info_->dstMac.data(), type, type, 0,
                                       vlanKey(), info_->key);
    setKey(info_->key, srcIsA);
    return v;
}

} // namespace luacap::engine

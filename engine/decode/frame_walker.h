// FrameWalker: the per-frame decode walk behind PacketDecoder, one method per layer.
// Runs on the reader thread; holds no heap memory of its own (the defragmenter owns its buffers).
// Its methods are split by layer: link_layer.cpp, ether_layer.cpp, ip_layer.cpp,
// tunnel_layer.cpp, transport_layer.cpp (FDDI and 802.2 LLC/SNAP: llc_layer.cpp).
#pragma once

#include <cstdint>
#include <cstring>

#include "decode/decode_stats.h"
#include "decode/packet_decoder.h"
#include "decode/packet_info.h"

namespace luacap::engine {

class IpDefragmenter;

class FrameWalker {
public:
    FrameWalker(const DecoderConfig &config, DecodeStats &stats, IpDefragmenter &defrag);

    // Decodes one frame of the given DLT; fills info and returns the bytes it refers to.
    DecodedBytes run(int linkType, const uint8_t *frame, uint32_t capLen, PacketInfo &info);

    static bool knownLinkType(int linkType);

private:
    enum class Verdict : uint8_t { Session, Counted, CorruptEther, CorruptIp, Fragment };

    // The innermost IP header seen so far; a corrupt layer below it is keyed on it.
    struct IpLayer {
        AddressFamily family = AddressFamily::NonIp;
        uint32_t offset = 0;    // header start
        uint32_t srcOff = 0;
        uint32_t dstOff = 0;
        uint32_t end = 0;       // end of the datagram: min(total length, captured bytes)
        uint8_t protocol = 0;   // upper-layer protocol after extension headers
    };

    // link_layer.cpp
    Verdict link(int linkType);
    Verdict ethernet(uint32_t off);
    Verdict sll(uint32_t off);
    Verdict sll2(uint32_t off);
    Verdict bsdNull(uint32_t off);
    Verdict nflog(uint32_t off);
    Verdict rawIp(uint32_t off);

    // llc_layer.cpp
    Verdict fddi(uint32_t off);
    Verdict ieee8023(uint16_t length, uint32_t off);
    Verdict llcSnap(uint32_t off, uint32_t end, uint16_t lengthType);

    // ether_layer.cpp
    Verdict etherType(uint16_t type, uint32_t off);
    Verdict vlan(uint32_t off);
    Verdict mpls(uint32_t off);
    Verdict pppoe(uint32_t off);
    Verdict ppp(uint16_t proto, uint32_t off);
    Verdict arp(uint32_t off);
    Verdict nsh(uint32_t off);
    Verdict erspan(uint16_t type, uint32_t off);
    Verdict unknownEther(uint16_t type);
    Verdict keyMacs(uint16_t type, Verdict v);

    // ip_layer.cpp
    Verdict ipByVersion(uint32_t off);
    Verdict ipv4(uint32_t off);
    Verdict ipv6(uint32_t off);
    Verdict fragment(uint32_t ipOff, uint32_t payloadOff, uint32_t fragOffset, bool more, uint32_t id);
    Verdict ipPayload(uint32_t off);
    void enterIp(AddressFamily family, uint32_t off, uint32_t srcOff, uint32_t dstOff, uint32_t end);
    void setPacketAddresses(AddressFamily family, uint32_t srcOff, uint32_t dstOff);

    // tunnel_layer.cpp
    Verdict gre(uint32_t off);
    Verdict grePpp(uint32_t p, uint32_t end);
    Verdict vxlan(uint32_t off);
    Verdict vxlanGpe(uint32_t off);
    Verdict geneve(uint32_t off);
    Verdict gtp(uint32_t off);
    Verdict ipInIp(uint32_t off);
    void enterTunnel(uint32_t encap);

    // transport_layer.cpp
    Verdict tcp(uint32_t off);
    Verdict udp(uint32_t off);
    Verdict sctp(uint32_t off);
    Verdict dhcp(uint32_t p);
    Verdict dhcp6(uint32_t p);
    Verdict icmp(uint32_t off);
    Verdict addressOnly(uint8_t protocol);
    Verdict lumped(uint8_t protocol);
    Verdict otherIp(uint8_t protocol);
    Verdict keyIp(uint16_t srcPort, uint16_t dstPort);
    void setPorts(uint16_t srcPort, uint16_t dstPort)
    {
        info_->srcPort = srcPort;
        info_->dstPort = dstPort;
    }
    Verdict corruptIp();
    void setPayload(uint32_t l4Off, uint32_t payloadOff);

    // frame_walker.cpp
    void setKey(const SessionKey &key, bool srcIsA);
    uint16_t vlanKey() const;
    void finish(Verdict v);
    void resetInfo(PacketInfo &info);

    bool has(uint32_t off, uint32_t n) const { return off <= len_ && n <= len_ - off; }
    uint16_t be16(uint32_t off) const { return uint16_t(data_[off] << 8 | data_[off + 1]); }
    uint32_t be32(uint32_t off) const
    {
        return uint32_t(data_[off]) << 24 | uint32_t(data_[off + 1]) << 16 | uint32_t(data_[off + 2]) << 8 | data_[off + 3];
    }
    uint16_t le16(uint32_t off) const { return uint16_t(data_[off] | data_[off + 1] << 8); }
    uint32_t le32(uint32_t off) const
    {
        return uint32_t(data_[off]) | uint32_t(data_[off + 1]) << 8 | uint32_t(data_[off + 2]) << 16 | uint32_t(data_[off + 3]) << 24;
    }
    void setEtherType(uint16_t type)
    {
        if (!etherTypeSet_) {
            info_->etherType = type;
            etherTypeSet_ = true;
        }
    }
    void setMacs(uint32_t off)
    {
        std::memcpy(info_->dstMac.data(), data_ + off, 6);
        std::memcpy(info_->srcMac.data(), data_ + off + 6, 6);
        info_->hasMac = true;
    }
    // Guards the recursion of nested encapsulations (ipoipoip, GRE in GRE, ...).
    bool deeper() { return ++depth_ <= kMaxDepth; }

    static constexpr int kMaxDepth = 24;

    const DecoderConfig &config_;
    DecodeStats &stats_;
    IpDefragmenter &defrag_;

    const uint8_t *data_ = nullptr;
    uint32_t len_ = 0;
    PacketInfo *info_ = nullptr;
    int depth_ = 0;
    bool etherTypeSet_ = false;
    bool haveIp_ = false;
    IpLayer ip_;
    IpLayer prevIp_;          // the layer ip_ replaced, restored to re-walk a reassembled datagram
    bool prevHaveIp_ = false;
};

} // namespace luacap::engine

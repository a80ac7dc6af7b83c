// PacketInfo: what the reader thread's decoder learnt about one packet.
// Filled on the reader thread, carried in a PacketBatch, read on the packet thread.
#pragma once

#include <array>
#include <cstdint>

#include "session/session_key.h"

namespace luacap::engine {

// What the packet thread should do with a packet.
enum class PacketKind : uint8_t {
    Session,   // belongs to a session (key/hash valid)
    Counted,   // valid but not kept as a session (e.g. unknown ethertype): counted only
    Corrupt,   // header did not decode; counted, and kept as a session when the key is valid
    Fragment,  // held by the IP defragmenter; not yet a packet for a session
};

// Encapsulations seen around the innermost flow (bit set); protocol names in encapsulation_names.
enum Encap : uint32_t {
    EncapVlan = 1u << 0,
    EncapMpls = 1u << 1,
    EncapPppoe = 1u << 2,
    EncapPpp = 1u << 3,
    EncapGre = 1u << 4,
    EncapErspan = 1u << 5,
    EncapTeb = 1u << 6,       // transparent Ethernet bridging (GRE 0x6558)
    EncapVxlan = 1u << 7,
    EncapGtp = 1u << 8,
    EncapIpInIp = 1u << 9,    // IPv4 or IPv6 carried in IPv4/IPv6 (proto 4 or 41)
    EncapGeneve = 1u << 10,   // UDP 6081
};

// Problems found while decoding; they become session tags or stats.
enum DecodeFlag : uint16_t {
    FlagCorruptIp = 1u << 0,      // tag corrupt-ip
    FlagCorruptEther = 1u << 1,   // tag corrupt-ether
    FlagTruncated = 1u << 2,      // caplen < wire length: tag truncated-pcap
    FlagReassembled = 1u << 3,    // built from IP fragments
    FlagNotStored = 1u << 4,      // pcapDir: the write queue was full, the packet has no position
};

// TCP flag bits as on the wire (byte 13), plus NS/AE from byte 12 in bit 8.
enum TcpFlag : uint16_t {
    TcpFin = 0x01, TcpSyn = 0x02, TcpRst = 0x04, TcpPsh = 0x08,
    TcpAck = 0x10, TcpUrg = 0x20, TcpEce = 0x40, TcpCwr = 0x80, TcpAe = 0x100,
};

struct PacketInfo {
    int64_t tsUsec = 0;          // packet time (microseconds since the epoch)
    int64_t clockUsec = 0;       // input clock: max packet time of the input up to this packet
    uint64_t filePos = 0;        // byte offset of the record in its file (Arkime packetPos)
    const uint8_t *data = nullptr;  // this packet's bytes: its batch's arena or the mapped input
                                    // file (PacketBatch::addCopy/addLent); valid while the
                                    // packet thread holds the batch
    uint32_t fileIndex = 0;      // which input file (index into the run's file list)
    uint32_t capLen = 0;         // bytes at data for this packet
    uint32_t wireLen = 0;        // original length (sum over fragments when reassembled)
    uint32_t frameNumber = 0;    // 1-based ordinal of the frame in the run's input (Wireshark's
                                 // frame number; a reassembled datagram has its last fragment's)
    uint16_t frameCount = 1;     // frames this packet stands for (>1 when defragmented)

    PacketKind kind = PacketKind::Counted;
    uint16_t flags = 0;          // DecodeFlag bits
    uint32_t encaps = 0;         // Encap bits

    SessionKey key;
    uint64_t hash = 0;
    bool keyValid = false;       // key/hash were built (always for Session; maybe for Corrupt/Counted)
    bool srcIsA = false;         // the packet travels from key endpoint A to B

    // Offsets into this packet's bytes (relative to data).
    uint16_t l3Offset = 0;       // innermost IP header (or ARP header)
    uint16_t l4Offset = 0;       // transport header
    uint16_t payloadOffset = 0;  // transport payload
    uint16_t payloadLen = 0;     // captured payload bytes (bounded by the IP length)

    uint16_t etherType = 0;      // innermost ethertype (Arkime "ethertype")
    uint8_t ipProtocol = 0;
    uint8_t ttl = 0;             // IPv4 TTL / IPv6 hop limit of the innermost IP header
    uint16_t tcpFlags = 0;       // TcpFlag bits
    uint16_t tcpWindow = 0;
    uint32_t tcpSeq = 0;
    uint32_t tcpAck = 0;
    uint8_t icmpType = 0;
    uint8_t icmpCode = 0;

    std::array<uint8_t, 6> srcMac{};  // innermost Ethernet header (zero when none)
    std::array<uint8_t, 6> dstMac{};
    bool hasMac = false;
    std::array<uint16_t, 2> vlans{};  // outermost first
    uint8_t vlanCount = 0;

    // This packet's own endpoints from its innermost IP header (ipFamily NonIp when it has
    // none). Unlike the key they are never canonicalised or replaced (a DHCP key holds the
    // client MAC, a lumped IGMP key no address), so records can show the real addresses.
    // Ports come from TCP/UDP/SCTP and stay 0 for other protocols.
    AddressFamily ipFamily = AddressFamily::NonIp;
    std::array<uint8_t, 16> srcIp{};   // first 4 bytes for IPv4, rest zero
    std::array<uint8_t, 16> dstIp{};
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;

    // Outermost tunnel IP endpoints (Arkime srcOuterIp/dstOuterIp), when tunnelled.
    AddressFamily outerFamily = AddressFamily::NonIp;
    std::array<uint8_t, 16> outerSrc{};
    std::array<uint8_t, 16> outerDst{};
};

} // namespace luacap::engine

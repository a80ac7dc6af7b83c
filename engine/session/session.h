// Session: everything luacap knows about one flow. Owned by exactly one packet thread
// (no locks); read by the record encoder on that same thread when the session is saved.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "decode/packet_info.h"
#include "fields/session_fields.h"
#include "plugin/session_parser.h"
#include "session/packet_positions.h"
#include "session/session_key.h"
#include "session/small_set.h"
#include "session/tcp_reassembler.h"

namespace luacap::engine {

class HttpObserverList;

// Per-direction counters. Direction 0 is source -> destination (the initiator's side).
struct DirectionStats {
    uint64_t packets = 0;
    uint64_t bytes = 0;          // wire bytes of the frames
    uint64_t dataBytes = 0;      // transport payload bytes (Arkime client.bytes / server.bytes)
    std::array<uint8_t, 8> payload8{};  // first payload bytes (Arkime srcPayload8/dstPayload8)
    SmallSet<uint8_t, 4> ttls;                       // distinct TTLs, in order seen
    SmallSet<std::array<uint8_t, 6>, 2> macs;        // distinct MACs
    uint8_t payload8Len = 0;
};

// Outer (tunnel) addresses per direction: only sessions seen inside a tunnel have them.
struct TunnelAddresses {
    AddressFamily family = AddressFamily::NonIp;
    std::vector<std::array<uint8_t, 16>> ips[2];   // distinct outer IPs
    std::vector<std::array<uint8_t, 6>> macs[2];   // distinct outer MACs
};

// TCP flag counts, named as in Arkime's tcpflags object.
struct TcpFlagCounts {
    uint32_t syn = 0, synAck = 0, ack = 0, psh = 0, fin = 0, rst = 0, urg = 0;
    uint32_t ece = 0, cwr = 0, ae = 0;
    uint32_t srcZero = 0, dstZero = 0;   // zero-window advertisements per direction
};

// Why a session record was written (Arkime saves for the same reasons).
enum class SaveReason : uint8_t { Timeout, TcpClose, MidSave, EndOfInput, Shutdown };

// About 36,000 sessions are open at once in a busy second (they linger after FIN), so the
// members are ordered to leave no padding and what few sessions use sits behind pointers.
struct Session {
    SessionKey key;
    bool sourceIsA = true;        // the initiator (source) is key endpoint A
    // The first packet's own IP endpoints. When the key is not that packet's 5-tuple (DHCP
    // keyed on the client MAC or transaction id, IGMP/PIM/OSPF lumped into one session) the
    // record shows these, as Arkime shows the addresses of the packet that created it.
    bool keyIsTuple = true;
    AddressFamily firstFamily = AddressFamily::NonIp;
    // Classification: payload directions already shown to classifiers (bit per direction).
    uint8_t classifiedDirections = 0;
    uint16_t etherType = 0;
    uint16_t decodeFlags = 0;     // DecodeFlag bits seen on any packet
    int64_t firstPacketUsec = 0;
    int64_t lastPacketUsec = 0;
    int64_t lastClockUsec = 0;    // input clock at the last packet (deadlines derive from it)
    std::array<uint8_t, 16> firstSrcIp{}, firstDstIp{};
    uint16_t firstSrcPort = 0, firstDstPort = 0;
    uint32_t encaps = 0;          // Encap bits seen on any packet

    DirectionStats dir[2];
    TcpFlagCounts tcpFlags;
    SmallSet<uint16_t, 2> vlans;                       // distinct VLAN ids
    SmallSet<uint8_t, 2> icmpTypes, icmpCodes;         // distinct values
    std::unique_ptr<TunnelAddresses> tunnel;           // null until a packet came in a tunnel

    // Packet positions (Arkime packetPos/packetLen/fileId): up to the configured maximum.
    PacketPositions positions;

    // TCP state; the reassemblers (both directions in one allocation) only for TCP sessions.
    std::unique_ptr<TcpReassembler[]> tcp;
    int64_t closeDeadlineUsec = 0;     // non-zero once FIN/RST seen: linger then save
    int64_t synUsec = 0;               // first SYN (without ACK), 0 when none (Arkime synTime)
    int64_t ackUsec = 0;               // first pure ACK after it, 0 when none (Arkime ackTime)
    uint32_t synSeq[2]{};              // ISNs per direction, when seen
    uint8_t synSeen = 0;               // bit per direction: synSeq[dir] is valid
    uint8_t finSeen = 0;               // bit per direction
    bool rstSeen = false;

    bool packetsStopped = false;       // truncated-pcap (or ESP after its first packet): no more positions
    uint32_t segmentCount = 1;         // Arkime segmentCnt: this record is the Nth save
    int64_t nextMidSaveUsec = 0;

    SessionFields fields;              // protocols, tags and every field a parser added

    // Parsers attached to this session (attachParser); fed in attach order, freed with it.
    std::vector<std::unique_ptr<SessionParser>> parsers;
    void attachParser(std::unique_ptr<SessionParser> parser) { parsers.push_back(std::move(parser)); }

    // The owning packet thread's HTTP/SMTP listeners (its SessionTable's list); null: none.
    const HttpObserverList *httpObservers = nullptr;

    // Outstanding work (Arkime incr_outstanding/decr_outstanding): a final save waits while > 0.
    uint32_t outstanding = 0;
    // The observer set (SessionTable::beginObserverSet) this session was created under: it
    // keeps those observers until it is freed, whatever a reload installs meanwhile.
    uint32_t observerSet = 0;

    // Direction of a packet relative to the source: 0 = from source, 1 = from destination.
    // Non-IP sessions (ARP, LLDP, ...) count every packet as from the source, as Arkime does.
    int directionOf(const PacketInfo &p) const
    {
        return key.family == AddressFamily::NonIp ? 0 : p.srcIsA == sourceIsA ? 0 : 1;
    }
    uint64_t segmentPackets() const { return dir[0].packets + dir[1].packets; }
};

} // namespace luacap::engine

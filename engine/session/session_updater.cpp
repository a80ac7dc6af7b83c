// SessionUpdater implementation (packet thread). Counting rules follow Arkime's capture so
// that records match its sessions3 documents; see the comments for each rule's origin.
#include "session/session_updater.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "fields/field_registry.h"
#include "session/session_table.h"

namespace luacap::engine {

namespace {
// Bounds on distinct-value lists, so a pathological flow cannot grow a session without end.
constexpr size_t kMaxDistinct = 64;

template <typename T>
void addDistinct(std::vector<T> &values, const T &value)
{
    if (values.size() < kMaxDistinct && std::find(values.begin(), values.end(), value) == values.end())
        values.push_back(value);
}

template <typename T, size_t N>
void addDistinct(SmallSet<T, N> &values, const T &value)
{
    values.insert(value, kMaxDistinct);
}

struct EncapName {
    uint32_t bit;
    const char *name;
};
// Encapsulations Arkime reports as protocols (VLAN, TEB, ERSPAN and IP-in-IP it does not).
constexpr EncapName kEncapNames[] = {
    {EncapGre, "gre"}, {EncapPpp, "ppp"}, {EncapPppoe, "pppoe"},
    {EncapMpls, "mpls"}, {EncapVxlan, "vxlan"}, {EncapGtp, "gtp"},
};
} // namespace

SessionUpdater::SessionUpdater(const FieldRegistry &registry, const SessionTableConfig &config)
    : registry_(registry), config_(config)
{
}

bool SessionUpdater::initiatorIsA(const PacketInfo &p)
{
    const bool tcp = p.ipProtocol == 6 && p.kind == PacketKind::Session;
    if (tcp && (p.tcpFlags & TcpSyn) && (p.tcpFlags & TcpAck))
        return !p.srcIsA;  // the SYN was missed: the SYN-ACK's receiver initiated
    return p.key.family == AddressFamily::NonIp ? true : p.srcIsA;
}

std::string_view SessionUpdater::transportName(const PacketInfo &p)
{
    if (p.key.family == AddressFamily::NonIp) {
        if (p.etherType == 0x0806)
            return "arp";
        return p.etherType == 0x88cc ? "lldp" : "unknown-ether";
    }
    switch (p.ipProtocol) {
    case 1: case 58: return "icmp";
    case 2: return "igmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 50: return "esp";
    case 89: return "ospf";
    case 103: return "pim";
    case 132: return "sctp";
    default: return "unknown-ip";
    }
}

void SessionUpdater::initialize(Session &s, const PacketInfo &p, int64_t clockUsec) const
{
    s.key = p.key;
    s.sourceIsA = initiatorIsA(p);
    s.firstPacketUsec = p.tsUsec;
    s.lastPacketUsec = p.tsUsec;
    s.lastClockUsec = clockUsec;
    s.etherType = p.etherType;
    noteFirstEndpoints(s, p);
    if (p.kind == PacketKind::Session)
        addProtocol(s, transportName(p));
}

void SessionUpdater::noteFirstEndpoints(Session &s, const PacketInfo &p)
{
    if (p.ipFamily == AddressFamily::NonIp)
        return;
    s.firstFamily = p.ipFamily;
    s.firstSrcIp = p.srcIp;
    s.firstDstIp = p.dstIp;
    s.firstSrcPort = p.srcPort;
    s.firstDstPort = p.dstPort;
    const SessionKey &k = s.key;
    const bool forward = k.addrA == p.srcIp && k.portA == p.srcPort && k.addrB == p.dstIp && k.portB == p.dstPort;
    const bool reverse = k.addrA == p.dstIp && k.portA == p.dstPort && k.addrB == p.srcIp && k.portB == p.srcPort;
    s.keyIsTuple = k.family == p.ipFamily && (forward || reverse);
}

void SessionUpdater::count(Session &s, const PacketInfo &p, int dir, int64_t clockUsec) const
{
    DirectionStats &d = s.dir[dir];
    d.packets += p.frameCount;
    d.bytes += p.wireLen;
    s.lastPacketUsec = std::max(s.lastPacketUsec, p.tsUsec);
    s.lastClockUsec = std::max(s.lastClockUsec, clockUsec);
    if (p.ttl != 0 || p.key.family != AddressFamily::NonIp)
        addDistinct(d.ttls, p.ttl);
    for (int i = 0; i < p.vlanCount && i < int(p.vlans.size()); ++i)
        addDistinct(s.vlans, p.vlans[size_t(i)]);
    if ((p.ipProtocol == 1 || p.ipProtocol == 58) && p.kind == PacketKind::Session) {
        addDistinct(s.icmpTypes, p.icmpType);
        addDistinct(s.icmpCodes, p.icmpCode);
    }
    addDistinctAddresses(s, p, dir);
    noteNewBits(s, p);
    recordPosition(s, p);
}

// MACs and outer IPs are per side: a reply's destination is the source's address.
void SessionUpdater::addDistinctAddresses(Session &s, const PacketInfo &p, int dir) const
{
    if (p.hasMac) {
        addDistinct(s.dir[dir].macs, p.srcMac);
        addDistinct(s.dir[1 - dir].macs, p.dstMac);
    }
    if (p.outerFamily != AddressFamily::NonIp) {
        if (!s.tunnel)
            s.tunnel = std::make_unique<TunnelAddresses>();
        s.tunnel->family = p.outerFamily;
        addDistinct(s.tunnel->ips[dir], p.outerSrc);
        addDistinct(s.tunnel->ips[1 - dir], p.outerDst);
    }
}

// Protocol names and tags are added once, when an encapsulation or decode flag first shows.
void SessionUpdater::noteNewBits(Session &s, const PacketInfo &p) const
{
    const uint32_t newEncaps = p.encaps & ~s.encaps;
    const uint16_t newFlags = uint16_t(p.flags & ~s.decodeFlags);
    s.encaps |= p.encaps;
    s.decodeFlags |= p.flags;
    for (const EncapName &e : kEncapNames) {
        if (newEncaps & e.bit)
            addProtocol(s, e.name);
    }
    if (newFlags & FlagCorruptIp)
        addProtocol(s, "corrupt-ip");
    if (newFlags & FlagCorruptEther)
        addProtocol(s, "corrupt-ether");
    if (newFlags & FlagTruncated)
        addTag(s, "truncated-pcap");
}

// Arkime stops writing a session's packets once one was truncated (the truncated one
// included), writes only the first packet of ESP flows, and at most maxPackets per segment.
void SessionUpdater::recordPosition(Session &s, const PacketInfo &p) const
{
    if (p.flags & FlagTruncated)
        s.packetsStopped = true;
    const uint64_t limit = p.ipProtocol == 50 ? 1 : config_.maxPackets;
    if (!config_.recordPacketPositions || s.packetsStopped || s.segmentPackets() > limit)
        return;
    if (p.flags & FlagNotStored)   // never point at bytes the pcap writer did not write
        return;
    s.positions.add(p.fileIndex, p.filePos, p.capLen + 16);  // Arkime: pcap record header + captured bytes
}

// Arkime's rules: zero windows per side (not on RST); a SYN is counted as syn or syn-ack and
// nothing else; ack counts only pure ACKs (no SYN/FIN/RST/PSH).
void SessionUpdater::countTcpFlags(Session &s, const PacketInfo &p, int dir) const
{
    TcpFlagCounts &c = s.tcpFlags;
    const uint16_t f = p.tcpFlags;
    if (p.tcpWindow == 0 && !(f & TcpRst))
        ++(dir == 0 ? c.srcZero : c.dstZero);
    c.urg += (f & TcpUrg) ? 1 : 0;
    c.ece += (f & TcpEce) ? 1 : 0;
    c.cwr += (f & TcpCwr) ? 1 : 0;
    c.ae += (f & TcpAe) ? 1 : 0;
    if (f & TcpSyn) {
        if (f & TcpAck) {
            ++c.synAck;
        } else {
            ++c.syn;
            if (s.synUsec == 0) {
                s.synUsec = p.tsUsec;
                s.ackUsec = 0;
            }
        }
        return;
    }
    c.rst += (f & TcpRst) ? 1 : 0;
    c.fin += (f & TcpFin) ? 1 : 0;
    if ((f & (TcpFin | TcpRst | TcpPsh | TcpSyn | TcpAck)) == TcpAck) {
        ++c.ack;
        if (s.ackUsec == 0)
            s.ackUsec = p.tsUsec;
    }
    c.psh += (f & TcpPsh) ? 1 : 0;
}

void SessionUpdater::resetSegment(Session &s) const
{
    // MACs stay (arkime_synthetic.test: a second segment still lists both MACs); tcpflags
    // counts and the SYN/ACK times restart, as Arkime's mid-save zeroes them.
    for (DirectionStats &d : s.dir) {
        d.packets = d.bytes = d.dataBytes = 0;
        d.ttls.clear();
    }
    s.tcpFlags = TcpFlagCounts{};
    s.synUsec = 0;
    s.ackUsec = 0;
    s.vlans.clear();
    if (s.tunnel)   // the outer family stays, as it did when these were session members
        for (int d = 0; d < 2; ++d) {
            s.tunnel->ips[d].clear();
            s.tunnel->macs[d].clear();
        }
    s.icmpTypes.clear();
    s.icmpCodes.clear();
    s.positions.clear();
    // Arkime frees every field at a mid-save except those linked across segments.
    std::vector<std::string> protocols, tags;
    if (const auto *v = s.fields.strings(FieldRegistry::Protocol))
        protocols = v->toVector<std::string>();
    if (const auto *v = s.fields.strings(FieldRegistry::Tags))
        tags = v->toVector<std::string>();
    s.fields.clear();
    for (const std::string &p : protocols)
        addProtocol(s, p);
    for (const std::string &t : tags)
        addTag(s, t);
}

void SessionUpdater::addTag(Session &s, std::string_view tag) const
{
    s.fields.addString(registry_.get(FieldRegistry::Tags), tag);
}

void SessionUpdater::addProtocol(Session &s, std::string_view name) const
{
    s.fields.addString(registry_.get(FieldRegistry::Protocol), name);
}

} // namespace luacap::engine

// RecordEncoder: Session -> one sessions3-shaped JSON object, on the owning packet thread.
// Values are collected as (dotted path, JSON text) pairs in a PathValues, which emits them as
// nested objects, so fixed and parser-added fields share objects (http, network).
#include "records/record_encoder.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <string_view>

#include "fields/field_registry.h"
#include "records/json_writer.h"
#include "records/path_values.h"

namespace luacap::engine {


namespace {

// Short texts formatted in a stack buffer, so encoding allocates nothing for them.
template <size_t N> struct ShortText {
    char text[N];
    size_t len = 0;
    std::string_view view() const { return {text, len}; }
    void hex(uint8_t b)
    {
        static constexpr char digits[] = "0123456789abcdef";
        text[len++] = digits[b >> 4];
        text[len++] = digits[b & 0xf];
    }
};
using IpText = ShortText<INET6_ADDRSTRLEN>;

// IPv4 by hand: glibc's inet_ntop formats it through sprintf, a large share of a record.
IpText ipText(AddressFamily family, const uint8_t *addr)
{
    IpText t;
    if (family == AddressFamily::V6) {
        inet_ntop(AF_INET6, addr, t.text, sizeof(t.text));
        t.len = std::strlen(t.text);
        return t;
    }
    for (int i = 0; i < 4; ++i) {
        if (i)
            t.text[t.len++] = '.';
        const unsigned v = addr[i];
        if (v >= 100)
            t.text[t.len++] = char('0' + v / 100);
        if (v >= 10)
            t.text[t.len++] = char('0' + v / 10 % 10);
        t.text[t.len++] = char('0' + v % 10);
    }
    return t;
}

ShortText<17> macText(const std::array<uint8_t, 6> &mac)
{
    ShortText<17> t;
    for (size_t i = 0; i < mac.size(); ++i) {
        if (i)
            t.text[t.len++] = ':';
        t.hex(mac[i]);
    }
    return t;
}

template <typename Range>
void putMacs(PathValues &pv, std::string_view side, std::string_view name, const Range &macs)
{
    JsonWriter &w = pv.at(side, name);
    w.beginArray();
    for (const auto &m : macs)
        w.value(macText(m).view());
    w.endArray();
}

template <typename Range>
void putUnsigneds(PathValues &pv, std::string_view path, std::string_view suffix, const Range &values)
{
    JsonWriter &w = pv.at(path, suffix);
    w.beginArray();
    for (const auto v : values)
        w.value(unsigned(v));
    w.endArray();
}

int64_t toMs(int64_t usec)
{
    return usec >= 0 ? usec / 1000 : -((-usec + 999) / 1000);
}

void addTimes(const Session &s, PathValues &pv)
{
    const int64_t first = toMs(s.firstPacketUsec), last = toMs(s.lastPacketUsec);
    pv.put("firstPacket", first);
    pv.put("lastPacket", last);
    pv.put("length", last - first);   // Arkime subtracts the millisecond times
    pv.put("packetRange.gte", first);
    pv.put("packetRange.lte", last);
}

// One side: source (dir 0) or destination (dir 1).
void addEndpoint(const Session &s, int dir, PathValues &pv)
{
    const std::string_view side = dir == 0 ? "source." : "destination.";
    const bool fromA = (dir == 0) == s.sourceIsA;
    const DirectionStats &d = s.dir[dir];
    if (!s.keyIsTuple && s.firstFamily != AddressFamily::NonIp) {
        // Keyed on something else (DHCP client MAC or transaction id, lumped IGMP): Arkime
        // shows the endpoints of the packet that created the session.
        pv.put(side, "ip", ipText(s.firstFamily, dir == 0 ? s.firstSrcIp.data() : s.firstDstIp.data()).view());
        pv.put(side, "port", unsigned(dir == 0 ? s.firstSrcPort : s.firstDstPort));
    } else if (s.key.family != AddressFamily::NonIp) {
        pv.put(side, "ip", ipText(s.key.family, fromA ? s.key.addrA.data() : s.key.addrB.data()).view());
        pv.put(side, "port", unsigned(fromA ? s.key.portA : s.key.portB));
    }
    pv.put(side, "bytes", d.bytes);
    pv.put(side, "packets", d.packets);
    if (!d.macs.empty()) {
        putMacs(pv, side, "mac", d.macs);
        pv.put(side, "mac-cnt", uint64_t(d.macs.size()));
    }
    pv.put(dir == 0 ? "client.bytes" : "server.bytes", d.dataBytes);
}

// Arkime keeps DHCP (keyed on MAC or transaction id), lumped and corrupt-IP sessions as
// "other" sessions, which carry no community id.
bool arkimeOmitsCommunityId(const Session &s)
{
    return (s.decodeFlags & FlagCorruptIp) || !s.keyIsTuple;
}

void addNetwork(const Session &s, PathValues &pv)
{
    pv.put("network.packets", s.dir[0].packets + s.dir[1].packets);
    pv.put("network.bytes", s.dir[0].bytes + s.dir[1].bytes);
    pv.put("totDataBytes", s.dir[0].dataBytes + s.dir[1].dataBytes);
    if (!arkimeOmitsCommunityId(s)) {
        const uint8_t type = s.icmpTypes.empty() ? 0 : s.icmpTypes[0];
        const uint8_t code = s.icmpCodes.empty() ? 0 : s.icmpCodes[0];
        char id[32];
        if (const size_t len = communityIdText(s.key, s.sourceIsA, type, code, id))
            pv.put("network.community_id", std::string_view(id, len));
    }
    if (!s.vlans.empty()) {
        putUnsigneds(pv, "network.vlan.id", {}, s.vlans);
        pv.put("network.vlan.id-cnt", uint64_t(s.vlans.size()));
        putUnsigneds(pv, "dot1q.id", {}, s.vlans);
        pv.put("dot1q.idCnt", uint64_t(s.vlans.size()));
    }
    pv.put("ipProtocol", unsigned(s.key.ipProtocol));
    if (s.etherType != 0)
        pv.put("ethertype", unsigned(s.etherType));
}

void addTcpFlags(const Session &s, PathValues &pv)
{
    if (s.key.ipProtocol != 6)
        return;
    const TcpFlagCounts &f = s.tcpFlags;
    pv.put("tcpflags.syn", f.syn);
    pv.put("tcpflags.syn-ack", f.synAck);
    pv.put("tcpflags.ack", f.ack);
    pv.put("tcpflags.psh", f.psh);
    pv.put("tcpflags.fin", f.fin);
    pv.put("tcpflags.rst", f.rst);
    pv.put("tcpflags.urg", f.urg);
    pv.put("tcpflags.ece", f.ece);
    pv.put("tcpflags.cwr", f.cwr);
    pv.put("tcpflags.ae", f.ae);
    pv.put("tcpflags.srcZero", f.srcZero);
    pv.put("tcpflags.dstZero", f.dstZero);
}

// Per-direction extras named with a src/dst prefix (srcPayload8, dstTTL, srcOuterIp, ...).
void addDirectionExtras(const Session &s, int dir, PathValues &pv)
{
    const std::string_view p = dir == 0 ? "src" : "dst";
    const DirectionStats &d = s.dir[dir];
    if (d.payload8Len > 0) {
        ShortText<16> hex;
        for (size_t i = 0; i < std::min<size_t>(d.payload8Len, 8); ++i)
            hex.hex(d.payload8[i]);
        pv.put(p, "Payload8", hex.view());
    }
    if (!d.ttls.empty()) {
        putUnsigneds(pv, p, "TTL", d.ttls);
        pv.put(p, "TTLCnt", uint64_t(d.ttls.size()));
    }
    if (!s.tunnel)
        return;
    if (!s.tunnel->ips[dir].empty()) {
        JsonWriter &w = pv.at(p, "OuterIp");
        w.beginArray();
        for (const auto &ip : s.tunnel->ips[dir])
            w.value(ipText(s.tunnel->family, ip.data()).view());
        w.endArray();
        pv.put(p, "OuterIpCnt", uint64_t(s.tunnel->ips[dir].size()));
    }
    if (!s.tunnel->macs[dir].empty()) {
        putMacs(pv, p, "OuterMac", s.tunnel->macs[dir]);
        pv.put(p, "OuterMac-cnt", uint64_t(s.tunnel->macs[dir].size()));
    }
}

void addIcmp(const Session &s, PathValues &pv)
{
    if (!s.icmpTypes.empty())
        putUnsigneds(pv, "icmp.type", {}, s.icmpTypes);
    if (!s.icmpCodes.empty())
        putUnsigneds(pv, "icmp.code", {}, s.icmpCodes);
}

void addPacketPositions(const Session &s, PathValues &pv)
{
    pv.putArray("packetPos", s.positions.positions());
    pv.putArray("packetLen", s.positions.lengths());
    JsonWriter &w = pv.at("fileId");
    w.beginArray();
    if (s.positions.hasMarkers())
        for (int64_t pos : s.positions.positions())
            if (pos < 0)
                w.value(-pos);
    w.endArray();
}

void addDynamicField(const FieldDef &def, const SessionFields &fields, PathValues &pv)
{
    const int id = def.id;
    const bool single = def.flags & FieldSingle;
    if (const auto *v = fields.strings(id); v && (def.flags & FieldJsonObject))
        pv.putRawArray(def.dbField, *v);
    else if (const auto *v = fields.strings(id))
        single ? pv.put(def.dbField, v->front()) : pv.putArray(def.dbField, *v);
    else if (const auto *iv = fields.ints(id))
        single ? pv.put(def.dbField, iv->front()) : pv.putArray(def.dbField, *iv);
    else if (const auto *fv = fields.floats(id))
        single ? pv.put(def.dbField, fv->front()) : pv.putArray(def.dbField, *fv);
    else
        return;
    if (def.flags & FieldCnt)
        pv.put(def.dbField, "Cnt", uint64_t(fields.count(id)));
}

} // namespace

RecordEncoder::RecordEncoder(const FieldRegistry &registry, const RecordOptions &options)
    : registry_(registry), options_(options), scratch_(std::make_unique<PathValues>())
{
}

RecordEncoder::~RecordEncoder() = default;

void RecordEncoder::encode(const Session &session, SaveReason /*reason: Arkime records do not carry it*/,
                           std::string &out) const
{
    PathValues &pv = *scratch_;
    pv.clear();
    addTimes(session, pv);
    for (int dir = 0; dir < 2; ++dir) {
        addEndpoint(session, dir, pv);
        addDirectionExtras(session, dir, pv);
    }
    addNetwork(session, pv);
    addTcpFlags(session, pv);
    addIcmp(session, pv);
    if (options_.packetPositions)
        addPacketPositions(session, pv);
    pv.put("segmentCnt", unsigned(session.segmentCount));
    pv.put("node", options_.node);
    for (int id : session.fields.fieldIds()) {
        if (size_t(id) >= registry_.size())
            continue;
        const FieldDef &def = registry_.get(id);
        if (!(def.flags & FieldFake))
            addDynamicField(def, session.fields, pv);
    }
    pv.appendTo(out);
}

} // namespace luacap::engine

// RecordEncoder: Session -> one sessions3-shaped JSON object, on the owning packet thread.
// Values are first encoded as (dotted path, JSON text) pairs, then sorted and emitted as
// nested objects in one pass, so fixed and parser-added fields share objects (http, network).
#include "records/record_encoder.h"

#include <algorithm>
#include <arpa/inet.h>
#include <optional>
#include <string_view>
#include <vector>

#include "fields/field_registry.h"
#include "records/json_writer.h"

namespace luacap::engine {

namespace {

// Collects encoded values under their dotted paths.
class PathValues {
public:
    JsonWriter &at(std::string path)
    {
        finish();
        entries_.push_back({std::move(path), values_.size(), 0});
        return writer_.emplace(values_);   // fresh writer: each entry holds one value
    }
    template <typename T> void put(std::string path, const T &v) { at(std::move(path)).value(v); }
    template <typename Range> void putArray(std::string path, const Range &values)
    {
        JsonWriter &w = at(std::move(path));
        w.beginArray();
        for (const auto &v : values)
            w.value(v);
        w.endArray();
    }
    void emit(std::string &out);

private:
    struct Entry {
        std::string path;
        size_t begin, end;
    };
    void finish()
    {
        if (!entries_.empty())
            entries_.back().end = values_.size();
    }
    static bool pathLess(const Entry &a, const Entry &b);

    std::string values_;
    std::optional<JsonWriter> writer_;
    std::vector<Entry> entries_;
};

// Orders paths as a per-level key sort would: '.' ranks below every other character, so
// "a.b.c" (key "b" of a) comes before "a.b-c" (key "b-c").
bool PathValues::pathLess(const Entry &a, const Entry &b)
{
    const auto rank = [](char c) { return c == '.' ? 0 : int(static_cast<unsigned char>(c)) + 1; };
    return std::lexicographical_compare(a.path.begin(), a.path.end(), b.path.begin(), b.path.end(),
                                        [&](char x, char y) { return rank(x) < rank(y); });
}

std::vector<std::string_view> splitPath(std::string_view path)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t dot; (dot = path.find('.', start)) != std::string_view::npos; start = dot + 1)
        parts.push_back(path.substr(start, dot - start));
    parts.push_back(path.substr(start));
    return parts;
}

void PathValues::emit(std::string &out)
{
    finish();
    std::stable_sort(entries_.begin(), entries_.end(), pathLess);
    JsonWriter w(out);
    w.beginObject();
    std::vector<std::string_view> open;
    std::string_view lastLeaf;
    for (const Entry &e : entries_) {
        const std::string_view path = e.path;
        // A path already written as a value cannot also be (or hold) an object: first one wins.
        if (!lastLeaf.empty() && path.starts_with(lastLeaf) &&
            (path.size() == lastLeaf.size() || path[lastLeaf.size()] == '.'))
            continue;
        const std::vector<std::string_view> parts = splitPath(path);
        size_t common = 0;
        while (common < open.size() && common + 1 < parts.size() && open[common] == parts[common])
            ++common;
        for (; open.size() > common; open.pop_back())
            w.endObject();
        for (size_t i = common; i + 1 < parts.size(); ++i) {
            w.key(parts[i]);
            w.beginObject();
            open.push_back(parts[i]);
        }
        w.key(parts.back());
        w.rawValue(std::string_view(values_).substr(e.begin, e.end - e.begin));
        lastLeaf = path;
    }
    for (; !open.empty(); open.pop_back())
        w.endObject();
    w.endObject();
}

std::string ipText(AddressFamily family, const uint8_t *addr)
{
    char text[INET6_ADDRSTRLEN] = "";
    inet_ntop(family == AddressFamily::V6 ? AF_INET6 : AF_INET, addr, text, sizeof(text));
    return text;
}

std::string macText(const std::array<uint8_t, 6> &mac)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < mac.size(); ++i) {
        if (i)
            s += ':';
        s += hex[mac[i] >> 4];
        s += hex[mac[i] & 0xf];
    }
    return s;
}

std::vector<std::string> macTexts(const std::vector<std::array<uint8_t, 6>> &macs)
{
    std::vector<std::string> texts;
    for (const auto &m : macs)
        texts.push_back(macText(m));
    return texts;
}

std::string hexText(const uint8_t *bytes, size_t len)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < len; ++i) {
        s += hex[bytes[i] >> 4];
        s += hex[bytes[i] & 0xf];
    }
    return s;
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
    const std::string side = dir == 0 ? "source." : "destination.";
    const bool fromA = (dir == 0) == s.sourceIsA;
    const DirectionStats &d = s.dir[dir];
    if (s.key.family != AddressFamily::NonIp) {
        pv.put(side + "ip", ipText(s.key.family, fromA ? s.key.addrA.data() : s.key.addrB.data()));
        pv.put(side + "port", unsigned(fromA ? s.key.portA : s.key.portB));
    }
    pv.put(side + "bytes", d.bytes);
    pv.put(side + "packets", d.packets);
    if (!d.macs.empty()) {
        pv.putArray(side + "mac", macTexts(d.macs));
        pv.put(side + "mac-cnt", uint64_t(d.macs.size()));
    }
    pv.put(dir == 0 ? "client.bytes" : "server.bytes", d.dataBytes);
}

// Arkime keeps DHCP and corrupt-IP sessions as "other" sessions, which carry no community id.
bool arkimeOmitsCommunityId(const Session &s)
{
    const auto both = [&](uint16_t p, uint16_t q) {
        return (s.key.portA == p || s.key.portA == q) && (s.key.portB == p || s.key.portB == q);
    };
    if (s.decodeFlags & FlagCorruptIp)
        return true;
    return s.key.ipProtocol == 17 && (both(67, 68) || both(546, 547));
}

void addNetwork(const Session &s, PathValues &pv)
{
    pv.put("network.packets", s.dir[0].packets + s.dir[1].packets);
    pv.put("network.bytes", s.dir[0].bytes + s.dir[1].bytes);
    pv.put("totDataBytes", s.dir[0].dataBytes + s.dir[1].dataBytes);
    if (!arkimeOmitsCommunityId(s)) {
        const uint8_t type = s.icmpTypes.empty() ? 0 : s.icmpTypes[0];
        const uint8_t code = s.icmpCodes.empty() ? 0 : s.icmpCodes[0];
        const std::string id = communityId(s.key, s.sourceIsA, type, code);
        if (!id.empty())
            pv.put("network.community_id", id);
    }
    if (!s.vlans.empty()) {
        std::vector<unsigned> ids(s.vlans.begin(), s.vlans.end());
        pv.putArray("network.vlan.id", ids);
        pv.put("network.vlan.id-cnt", uint64_t(ids.size()));
        pv.putArray("dot1q.id", ids);
        pv.put("dot1q.idCnt", uint64_t(ids.size()));
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
    const std::string p = dir == 0 ? "src" : "dst";
    const DirectionStats &d = s.dir[dir];
    if (d.payload8Len > 0)
        pv.put(p + "Payload8", hexText(d.payload8.data(), std::min<size_t>(d.payload8Len, 8)));
    if (!d.ttls.empty()) {
        pv.putArray(p + "TTL", std::vector<unsigned>(d.ttls.begin(), d.ttls.end()));
        pv.put(p + "TTLCnt", uint64_t(d.ttls.size()));
    }
    if (!s.outerIps[dir].empty()) {
        std::vector<std::string> ips;
        for (const auto &ip : s.outerIps[dir])
            ips.push_back(ipText(s.outerFamily, ip.data()));
        pv.putArray(p + "OuterIp", ips);
        pv.put(p + "OuterIpCnt", uint64_t(ips.size()));
    }
    if (!d.outerMacs.empty()) {
        pv.putArray(p + "OuterMac", macTexts(d.outerMacs));
        pv.put(p + "OuterMac-cnt", uint64_t(d.outerMacs.size()));
    }
}

void addIcmp(const Session &s, PathValues &pv)
{
    if (!s.icmpTypes.empty())
        pv.putArray("icmp.type", std::vector<unsigned>(s.icmpTypes.begin(), s.icmpTypes.end()));
    if (!s.icmpCodes.empty())
        pv.putArray("icmp.code", std::vector<unsigned>(s.icmpCodes.begin(), s.icmpCodes.end()));
}

void addPacketPositions(const Session &s, PathValues &pv)
{
    std::vector<int64_t> fileIds;
    for (int64_t pos : s.packetPos)
        if (pos < 0)
            fileIds.push_back(-pos);
    pv.putArray("packetPos", s.packetPos);
    pv.putArray("packetLen", s.packetLen);
    pv.putArray("fileId", fileIds);
}

void addDynamicField(const FieldDef &def, const SessionFields &fields, PathValues &pv)
{
    const int id = def.id;
    const bool single = def.flags & FieldSingle;
    if (const auto *v = fields.strings(id))
        single ? pv.put(def.dbField, v->front()) : pv.putArray(def.dbField, *v);
    else if (const auto *iv = fields.ints(id))
        single ? pv.put(def.dbField, iv->front()) : pv.putArray(def.dbField, *iv);
    else if (const auto *fv = fields.floats(id))
        single ? pv.put(def.dbField, fv->front()) : pv.putArray(def.dbField, *fv);
    else
        return;
    if (def.flags & FieldCnt)
        pv.put(def.dbField + "Cnt", uint64_t(fields.count(id)));
}

} // namespace

RecordEncoder::RecordEncoder(const FieldRegistry &registry, const RecordOptions &options)
    : registry_(registry), options_(options)
{
}

void RecordEncoder::encode(const Session &session, SaveReason /*reason: Arkime records do not carry it*/,
                           std::string &out) const
{
    PathValues pv;
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
    pv.emit(out);
}

} // namespace luacap::engine

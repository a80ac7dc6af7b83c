// RecordEncoder: Session -> one sessions3-shaped JSON object, on the owning packet thread.
// Values are first encoded as (dotted path, JSON text) pairs, then sorted and emitted as
// nested objects in one pass, so fixed and parser-added fields share objects (http, network).
#include "records/record_encoder.h"

#include <algorithm>
#include <arpa/inet.h>
#include <optional>
#include <unordered_map>
#include <string_view>
#include <vector>

#include "fields/field_registry.h"
#include "records/json_writer.h"

namespace luacap::engine {


// Collects encoded values under their dotted paths. Paths and values live in two reused
// arenas and entries are small PODs, so encoding a record allocates nothing once warmed up.
class PathValues {
public:
    static constexpr size_t kMaxShapes = 4096;

    void clear()
    {
        paths_.clear();
        values_.clear();
        entries_.clear();
        writer_.reset();
    }
    JsonWriter &at(std::string_view path, std::string_view suffix = {})
    {
        finish();
        const uint32_t begin = uint32_t(paths_.size());
        paths_.append(path).append(suffix);
        entries_.push_back({begin, uint32_t(path.size() + suffix.size()), values_.size(), 0, uint32_t(entries_.size())});
        return writer_.emplace(values_);   // fresh writer: each entry holds one value
    }
    template <typename T> void put(std::string_view path, const T &v) { at(path).value(v); }
    template <typename T> void put(std::string_view path, std::string_view suffix, const T &v)
    {
        at(path, suffix).value(v);
    }
    template <typename Range> void putArray(std::string_view path, std::string_view suffix, const Range &values)
    {
        JsonWriter &w = at(path, suffix);
        w.beginArray();
        for (const auto &v : values)
            w.value(v);
        w.endArray();
    }
    template <typename Range> void putArray(std::string_view path, const Range &values) { putArray(path, {}, values); }
    // values are already JSON texts (object fields)
    template <typename Range> void putRawArray(std::string_view path, const Range &values)
    {
        JsonWriter &w = at(path);
        w.beginArray();
        for (const auto &v : values)
            w.rawValue(v);
        w.endArray();
    }
    void emit(std::string &out);

private:
    struct Entry {
        uint32_t pathBegin, pathLen;
        size_t begin, end;
        uint32_t seq;   // insertion order breaks ties: the first value of a path wins
    };
    void finish()
    {
        if (!entries_.empty())
            entries_.back().end = values_.size();
    }
    std::string_view path(const Entry &e) const { return std::string_view(paths_).substr(e.pathBegin, e.pathLen); }
    bool less(const Entry &a, const Entry &b) const;
    void splitPath(std::string_view path);

    void sortEntries();

    std::string paths_;
    std::string values_;
    std::optional<JsonWriter> writer_;
    std::vector<Entry> entries_;
    std::vector<std::string_view> parts_, open_;   // scratch for emit
    // Records of one kind (TCP with MACs, DNS over UDP, ...) add the same paths in the same
    // order, so the sorted order is remembered per path list: most records skip the sort.
    std::unordered_map<std::string, std::vector<uint32_t>> orderByShape_;
    std::string shape_;
    std::vector<Entry> sorted_;
};

// Orders paths as a per-level key sort would: '.' ranks below every other character, so
// "a.b.c" (key "b" of a) comes before "a.b-c" (key "b-c").
bool PathValues::less(const Entry &a, const Entry &b) const
{
    const std::string_view x = path(a), y = path(b);
    const size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i) {
        if (x[i] == y[i])
            continue;
        const auto rank = [](char c) { return c == '.' ? 0 : int(static_cast<unsigned char>(c)) + 1; };
        return rank(x[i]) < rank(y[i]);
    }
    return x.size() != y.size() ? x.size() < y.size() : a.seq < b.seq;
}

void PathValues::splitPath(std::string_view path)
{
    parts_.clear();
    size_t start = 0;
    for (size_t dot; (dot = path.find('.', start)) != std::string_view::npos; start = dot + 1)
        parts_.push_back(path.substr(start, dot - start));
    parts_.push_back(path.substr(start));
}

void PathValues::sortEntries()
{
    shape_ = paths_;
    for (const Entry &e : entries_)
        shape_.append(reinterpret_cast<const char *>(&e.pathLen), sizeof(e.pathLen));
    auto [it, isNew] = orderByShape_.try_emplace(shape_);
    if (isNew) {
        std::sort(entries_.begin(), entries_.end(), [this](const Entry &a, const Entry &b) { return less(a, b); });
        for (const Entry &e : entries_)
            it->second.push_back(e.seq);
        if (orderByShape_.size() > kMaxShapes)
            orderByShape_.clear();   // pathological variety: start over rather than grow
        return;
    }
    sorted_.clear();
    for (uint32_t seq : it->second)
        sorted_.push_back(entries_[seq]);
    entries_.swap(sorted_);
}

void PathValues::emit(std::string &out)
{
    finish();
    sortEntries();
    JsonWriter w(out);
    w.beginObject();
    open_.clear();
    std::string_view lastLeaf;
    for (const Entry &e : entries_) {
        const std::string_view p = path(e);
        // A path already written as a value cannot also be (or hold) an object: first one wins.
        if (!lastLeaf.empty() && p.starts_with(lastLeaf) && (p.size() == lastLeaf.size() || p[lastLeaf.size()] == '.'))
            continue;
        splitPath(p);
        size_t common = 0;
        while (common < open_.size() && common + 1 < parts_.size() && open_[common] == parts_[common])
            ++common;
        for (; open_.size() > common; open_.pop_back())
            w.endObject();
        for (size_t i = common; i + 1 < parts_.size(); ++i) {
            w.key(parts_[i]);
            w.beginObject();
            open_.push_back(parts_[i]);
        }
        w.key(parts_.back());
        w.rawValue(std::string_view(values_).substr(e.begin, e.end - e.begin));
        lastLeaf = p;
    }
    for (; !open_.empty(); open_.pop_back())
        w.endObject();
    w.endObject();
}

namespace {

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

template <typename Range>
std::vector<std::string> macTexts(const Range &macs)
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
    const std::string_view side = dir == 0 ? "source." : "destination.";
    const bool fromA = (dir == 0) == s.sourceIsA;
    const DirectionStats &d = s.dir[dir];
    if (!s.keyIsTuple && s.firstFamily != AddressFamily::NonIp) {
        // Keyed on something else (DHCP client MAC or transaction id, lumped IGMP): Arkime
        // shows the endpoints of the packet that created the session.
        pv.put(side, "ip", ipText(s.firstFamily, dir == 0 ? s.firstSrcIp.data() : s.firstDstIp.data()));
        pv.put(side, "port", unsigned(dir == 0 ? s.firstSrcPort : s.firstDstPort));
    } else if (s.key.family != AddressFamily::NonIp) {
        pv.put(side, "ip", ipText(s.key.family, fromA ? s.key.addrA.data() : s.key.addrB.data()));
        pv.put(side, "port", unsigned(fromA ? s.key.portA : s.key.portB));
    }
    pv.put(side, "bytes", d.bytes);
    pv.put(side, "packets", d.packets);
    if (!d.macs.empty()) {
        pv.putArray(side, "mac", macTexts(d.macs));
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
    const std::string_view p = dir == 0 ? "src" : "dst";
    const DirectionStats &d = s.dir[dir];
    if (d.payload8Len > 0)
        pv.put(p, "Payload8", hexText(d.payload8.data(), std::min<size_t>(d.payload8Len, 8)));
    if (!d.ttls.empty()) {
        pv.putArray(p, "TTL", std::vector<unsigned>(d.ttls.begin(), d.ttls.end()));
        pv.put(p, "TTLCnt", uint64_t(d.ttls.size()));
    }
    if (!s.outerIps[dir].empty()) {
        std::vector<std::string> ips;
        for (const auto &ip : s.outerIps[dir])
            ips.push_back(ipText(s.outerFamily, ip.data()));
        pv.putArray(p, "OuterIp", ips);
        pv.put(p, "OuterIpCnt", uint64_t(ips.size()));
    }
    if (!d.outerMacs.empty()) {
        pv.putArray(p, "OuterMac", macTexts(d.outerMacs));
        pv.put(p, "OuterMac-cnt", uint64_t(d.outerMacs.size()));
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
    pv.emit(out);
}

} // namespace luacap::engine

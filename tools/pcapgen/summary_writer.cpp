// SummaryWriter: per-flow expectations as JSON (main thread).
#include "summary_writer.h"

#include <cstdio>
#include <map>

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

struct Counts {
    uint64_t packets[2]{}, bytes[2]{}, data[2]{};
    uint32_t syn = 0, synAck = 0, ack = 0, psh = 0, fin = 0, rst = 0;
};

Counts countFlow(const Flow &flow, const FrameEncoder &enc) {
    Counts c;
    for (const PacketSpec &p : flow.packets) {
        c.packets[p.dir]++;
        c.bytes[p.dir] += enc.frameLength(flow, p);
        c.data[p.dir] += p.length;
        if (!flow.tcp) continue;
        if (p.flags & kSyn) ((p.flags & kAck) ? c.synAck : c.syn)++;
        // Arkime's rule: "ack" counts packets whose only control bit is ACK.
        if ((p.flags & (kFin | kRst | kPsh | kSyn | kAck)) == kAck) c.ack++;
        c.psh += (p.flags & kPsh) != 0;
        c.fin += (p.flags & kFin) != 0;
        c.rst += (p.flags & kRst) != 0;
    }
    return c;
}

void appendJsonString(std::string &o, const std::string &s) {
    o += '"';
    for (char ch : s) {
        if (ch == '"' || ch == '\\') o += '\\';
        o += ch;
    }
    o += '"';
}

void field(std::string &o, const char *name, uint64_t v) {
    o += '"';
    o += name;
    o += "\":";
    appendDecimal(o, v);
}

void appendEndpoint(std::string &o, const Flow &flow, uint8_t dir, const Counts &c) {
    o += "{\"ip\":";
    appendJsonString(o, SummaryWriter::formatIp(flow, dir));
    o += ',';
    field(o, "port", flow.ends[dir].port);
    o += ',';
    field(o, "packets", c.packets[dir]);
    o += ',';
    field(o, "bytes", c.bytes[dir]);
    o += '}';
}

void appendFlags(std::string &o, const Counts &c) {
    o += "{";
    field(o, "syn", c.syn), o += ',';
    field(o, "syn-ack", c.synAck), o += ',';
    field(o, "ack", c.ack), o += ',';
    field(o, "psh", c.psh), o += ',';
    field(o, "fin", c.fin), o += ',';
    field(o, "rst", c.rst), o += ',';
    field(o, "urg", 0);
    o += '}';
}

// Facts grouped by key, values in order: {"http.host":["a"],"http.method":["GET","POST"]}.
void appendFacts(std::string &o, const Conversation &conv) {
    std::map<std::string, std::vector<const std::string *>> byKey;
    for (const auto &f : conv.facts) byKey[f.first].push_back(&f.second);
    o += '{';
    bool first = true;
    for (const auto &[key, values] : byKey) {
        if (!first) o += ',';
        first = false;
        appendJsonString(o, key);
        o += ":[";
        for (size_t i = 0; i < values.size(); ++i) {
            if (i) o += ',';
            appendJsonString(o, *values[i]);
        }
        o += ']';
    }
    o += '}';
}

void appendBool(std::string &o, const char *name, bool v) {
    o += '"';
    o += name;
    o += v ? "\":true" : "\":false";
}

} // namespace

std::string SummaryWriter::formatIp(const Flow &flow, uint8_t dir) {
    const uint8_t *a = flow.ends[dir].ip.data();
    char buf[64];
    if (!flow.ipv6) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        return buf;
    }
    uint16_t w[8];
    for (int i = 0; i < 8; ++i) w[i] = uint16_t(a[2 * i] << 8 | a[2 * i + 1]);
    int bestStart = -1, bestLen = 1;   // RFC 5952: compress the longest run of 2+ zeros
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0) ++j;
        if (j - i > bestLen) bestStart = i, bestLen = j - i;
        i = j == i ? i + 1 : j;
    }
    std::string s;
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            s += "::";
            i += bestLen - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':') s += ':';
        std::snprintf(buf, sizeof buf, "%x", w[i]);
        s += buf;
    }
    return s;
}

void SummaryWriter::addFlow(const Flow &flow) {
    const Counts c = countFlow(flow, encoder_);
    const int64_t first = flow.startUsec + flow.packets.front().relUsec;
    const int64_t last = flow.startUsec + flow.packets.back().relUsec;
    std::string o = "{";
    field(o, "id", flow.id), o += ",\"app\":\"";
    o += appName(flow.app);
    o += "\",";
    field(o, "ipProtocol", flow.tcp ? 6 : 17), o += ',';
    field(o, "ipVersion", flow.ipv6 ? 6 : 4), o += ',';
    field(o, "vlan", flow.vlan), o += ",\"initiator\":\"source\",\"source\":";
    appendEndpoint(o, flow, kClient, c);
    o += ",\"destination\":";
    appendEndpoint(o, flow, kServer, c);
    o += ",\"client\":{";
    field(o, "bytes", c.data[kClient]), o += "},\"server\":{";
    field(o, "bytes", c.data[kServer]), o += "},\"streamBytes\":[";
    appendDecimal(o, flow.conv.stream[kClient].size()), o += ',';
    appendDecimal(o, flow.conv.stream[kServer].size()), o += "],\"network\":{";
    field(o, "packets", c.packets[0] + c.packets[1]), o += ',';
    field(o, "bytes", c.bytes[0] + c.bytes[1]), o += "},";
    if (flow.tcp) o += "\"tcpflags\":", appendFlags(o, c), o += ',';
    field(o, "firstPacket", uint64_t(first / 1000)), o += ',';
    field(o, "lastPacket", uint64_t(last / 1000)), o += ',';
    field(o, "firstPacketUsec", uint64_t(first)), o += ',';
    field(o, "lastPacketUsec", uint64_t(last)), o += ",\"injected\":{";
    appendBool(o, "ooo", flow.ooo), o += ',';
    appendBool(o, "retrans", flow.retrans), o += ',';
    appendBool(o, "rst", flow.rst), o += "},\"facts\":";
    appendFacts(o, flow.conv);
    o += '}';
    if (flows_.size() <= flow.id) flows_.resize(flow.id + 1);
    flows_[flow.id] = std::move(o);
}

bool SummaryWriter::write(const std::string &path, uint64_t packets, uint64_t packetsWritten,
                          uint64_t fileBytes, int64_t firstUsec, int64_t lastUsec) const {
    std::string o = "{\"generator\":\"luacap-pcapgen\",";
    field(o, "format", 1), o += ',';
    field(o, "seed", opts_.seed), o += ',';
    field(o, "linktype", opts_.linktype), o += ',';
    field(o, "snaplen", opts_.snaplen), o += ',';
    field(o, "flowCount", flows_.size()), o += ',';
    field(o, "packets", packets), o += ',';
    field(o, "packetsWritten", packetsWritten), o += ',';
    field(o, "fileBytes", fileBytes), o += ',';
    field(o, "firstPacketUsec", uint64_t(firstUsec)), o += ',';
    field(o, "lastPacketUsec", uint64_t(lastUsec)), o += ",\"flows\":[\n";
    for (size_t i = 0; i < flows_.size(); ++i) {
        o += flows_[i];
        o += i + 1 < flows_.size() ? ",\n" : "\n";
    }
    o += "]}\n";
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fwrite(o.data(), 1, o.size(), f) == o.size();
    return std::fclose(f) == 0 && ok;
}

} // namespace luacap::pcapgen

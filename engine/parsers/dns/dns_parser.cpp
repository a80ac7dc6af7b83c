// DnsParser implementation and registration. Message decoding follows Arkime's dns.c:
// header -> one question (the transaction key) -> answer, authority and additional records.
#include "parsers/dns/dns_parser.h"

#include <algorithm>

#include "fields/field_registry.h"
#include "parsers/dns/dns_name_reader.h"
#include "parsers/dns/dns_record_reader.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
constexpr uint32_t kHeader = 12;
constexpr uint32_t kMinMessage = 17;   // Arkime ignores shorter messages
constexpr uint32_t kMinTcpMessage = 17;

uint16_t be16(const uint8_t *p)
{
    return uint16_t(p[0] << 8 | p[1]);
}
} // namespace

void DnsParser::addTag(Session &s, const char *tag) const
{
    s.fields.addString(config_->registry->get(FieldRegistry::Tags), tag);
}

void DnsParser::addProtocol(Session &s, const char *name) const
{
    s.fields.addString(config_->registry->get(FieldRegistry::Protocol), name);
}

SessionParser::Result DnsParser::onData(Session &s, int direction, const uint8_t *data, uint32_t len)
{
    if (tcp_)
        return onTcpData(s, direction & 1, data, len);
    parseMessage(s, data, len);
    return Result::Continue;
}

SessionParser::Result DnsParser::onGap(Session &s, int direction, uint32_t)
{
    // Framing is lost after a hole: drop the partial message, resynchronise on the next bytes.
    const int d = direction & 1;
    frame_[d].clear();
    frameLen_[d] = 0;
    lenHave_[d] = 0;
    (void)s;
    return Result::Continue;
}

SessionParser::Result DnsParser::onTcpData(Session &s, int d, const uint8_t *data, uint32_t len)
{
    while (len > 0) {
        if (frameLen_[d] == 0) {
            while (lenHave_[d] < 2 && len > 0) {
                lenBytes_[d][lenHave_[d]++] = *data++;
                --len;
            }
            if (lenHave_[d] < 2)
                return Result::Continue;
            lenHave_[d] = 0;
            frameLen_[d] = be16(lenBytes_[d]);
            if (frameLen_[d] < kMinTcpMessage) {   // not DNS framing: Arkime unregisters
                onPreSave(s, false);
                return Result::Done;
            }
            if (len >= frameLen_[d]) {   // whole message in this segment: no copy
                parseMessage(s, data, frameLen_[d]);
                data += frameLen_[d];
                len -= frameLen_[d];
                frameLen_[d] = 0;
                continue;
            }
            frame_[d].clear();
            frame_[d].reserve(frameLen_[d]);
        }
        const uint32_t take = std::min<uint32_t>(len, frameLen_[d] - uint32_t(frame_[d].size()));
        frame_[d].insert(frame_[d].end(), data, data + take);
        data += take;
        len -= take;
        if (frame_[d].size() == frameLen_[d]) {
            parseMessage(s, frame_[d].data(), frameLen_[d]);
            frame_[d].clear();
            frameLen_[d] = 0;
        }
    }
    return Result::Continue;
}

DnsTransaction *DnsParser::findOrAdd(DnsTransaction &key)
{
    for (DnsTransaction &t : txs_) {
        if (t.id == key.id && t.opcode == key.opcode && t.qclass == key.qclass && t.qtype == key.qtype &&
            t.queryHost == key.queryHost)
            return &t;
    }
    if (txs_.size() >= kMaxTransactions)
        return nullptr;
    txs_.push_back(std::move(key));
    return &txs_.back();
}

void DnsParser::parseMessage(Session &s, const uint8_t *data, uint32_t len)
{
    if (len < kMinMessage)
        return;
    const uint8_t opcode = (data[2] >> 3) & 0xf;
    if (opcode > 5)
        return;
    addProtocol(s, kind_ == Kind::Dns ? "dns" : kind_ == Kind::Llmnr ? "llmnr" : "mdns");
    if (be16(data + 4) != 1) {
        addTag(s, "dns:qdcount-not-1");
        return;
    }
    DnsNameReader names(data, len);
    uint32_t pos = kHeader;
    std::string raw;
    if (!names.read(pos, len, raw))
        return;
    DnsTransaction key;
    key.id = be16(data);
    key.opcode = opcode;
    const char *badTag = nullptr;
    if (raw.empty()) {
        key.queryHost = "<root>";
    } else if (!dnsDecodeHost(raw, key.queryHost, key, &badTag)) {
        addTag(s, badTag);
        return;
    }
    if (pos + 4 <= len) {
        key.qtype = be16(data + pos);
        key.qclass = be16(data + pos + 2);
    }
    pos += 4;
    if (key.queryHost != "<root>")
        DnsTransaction::addUnique(key.hosts, key.queryHost);
    DnsTransaction *t = findOrAdd(key);
    if (!t || !(data[2] & 0x80))
        return;
    t->rcode = data[3] & 0xf;
    if (pos <= len)
        readRecords(s, data, len, pos, *t);
    t->headerFlags = uint8_t((data[2] & 0x07) << 4 | (data[3] & 0xf0) >> 4);
}

void DnsParser::readRecords(Session &s, const uint8_t *data, uint32_t len, uint32_t pos, DnsTransaction &t)
{
    DnsNameReader names(data, len);
    DnsRecordReader reader(data, len, t);
    uint32_t remaining = uint32_t(be16(data + 6)) + be16(data + 8) + be16(data + 10);
    std::string raw;
    for (; remaining > 0; --remaining) {
        DnsRecordReader::Record r;
        if (!names.read(pos, len, raw) || len - pos < 10)
            return;
        r.type = be16(data + pos);
        r.cls = be16(data + pos + 2);
        r.ttl = uint32_t(be16(data + pos + 4)) << 16 | be16(data + pos + 6);
        r.rdlength = be16(data + pos + 8);
        r.rdata = pos + 10;
        pos += 10;
        if (r.rdlength > len - pos)
            return;
        pos += r.rdlength;
        if (r.type == 41) {   // OPT: the EDNS extended RCODE's upper bits live in its TTL
            t.rcode = int((r.ttl >> 24) << 4) | (t.rcode & 0xf);
            continue;
        }
        if (r.cls != 1)
            continue;
        const char *badTag = nullptr;
        if (raw.empty())
            r.name = "<root>";
        else if (!dnsDecodeHost(raw, r.name, t, &badTag))
            r.name = raw;   // Arkime keeps the undecoded owner name
        DnsAnswer answer;
        badTag = nullptr;
        if (!reader.read(r, answer, &badTag)) {
            if (badTag)
                addTag(s, badTag);
            continue;
        }
        // Only written with dnsOutputAnswers: otherwise not kept (the session may linger).
        if (!config_->outputAnswers || t.answers.size() >= DnsTransaction::kMaxAnswers)
            continue;
        answer.addString("class", "IN");
        if (const char *type = dnsTypeName(r.type))
            answer.addString("type", type);
        answer.add("ttl", std::to_string(r.ttl));
        answer.addString("name", r.name);
        t.answers.push_back(std::move(answer));
    }
}

void DnsParser::onPreSave(Session &s, bool)
{
    if (txs_.empty())
        return;
    const FieldDef &def = config_->registry->get(config_->dnsField);
    std::string json;
    for (const DnsTransaction &t : txs_) {
        json.clear();
        t.appendJson(json, config_->outputAnswers);
        s.fields.addString(def, json);
    }
    // The record now holds them; a later save starts afresh, as Arkime frees saved objects.
    txs_.clear();
}

namespace {

bool hasDnsParser(const Session &s)
{
    return std::any_of(s.parsers.begin(), s.parsers.end(),
                       [](const auto &p) { return dynamic_cast<const DnsParser *>(p.get()) != nullptr; });
}

} // namespace

bool registerDnsParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                       std::string *error)
{
    FieldDef def;
    def.expression = "dns";
    def.dbField = "dns";
    def.kind = "object";
    def.group = "dns";
    def.friendlyName = "DNS";
    def.help = "DNS Query/Responses";
    def.type = FieldType::String;
    def.flags = FieldCnt | FieldJsonObject;
    auto shared = std::make_shared<DnsParserConfig>();
    shared->registry = &registry;
    shared->dnsField = registry.define(def, error);
    shared->outputAnswers = config.dnsOutputAnswers;
    if (shared->dnsField < 0)
        return false;
    std::shared_ptr<const DnsParserConfig> cfg = shared;
    table.addTcpPort("dns", 53, [cfg](const ClassifyInput &in) {
        // Arkime: TCP DNS only towards port 53, with the protocol added at once
        if (in.destinationPort != 53 || hasDnsParser(in.session))
            return;
        in.session.fields.addString(cfg->registry->get(FieldRegistry::Protocol), "dns");
        in.session.attachParser(std::make_unique<DnsParser>(cfg, true, DnsParser::Kind::Dns));
    });
    const auto udp = [cfg](DnsParser::Kind kind) {
        return [cfg, kind](const ClassifyInput &in) {
            const bool port53 = in.sourcePort == 53 || in.destinationPort == 53;
            // llmnr/mdns next to port 53: the dns parser has it (Arkime parses it only once)
            if ((kind != DnsParser::Kind::Dns && port53) || hasDnsParser(in.session))
                return;
            in.session.attachParser(std::make_unique<DnsParser>(cfg, false, kind));
        };
    };
    table.addUdpPort("dns", 53, udp(DnsParser::Kind::Dns));
    table.addUdpPort("llmnr", 5355, udp(DnsParser::Kind::Llmnr));
    table.addUdpPort("mdns", 5353, udp(DnsParser::Kind::Mdns));
    return true;
}

} // namespace luacap::engine

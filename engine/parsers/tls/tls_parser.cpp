// TlsParser implementation and registration (classifier after Arkime's tls.c: a handshake
// record, 0x16 0x03, at the start of a TCP direction).
#include "parsers/tls/tls_parser.h"

#include <algorithm>

#include "fields/field_registry.h"
#include "parsers/tls/tls_fingerprints.h"
#include "parsers/tls/tls_hello.h"
#include "parsers/tls/tls_names.h"
#include "parsers/tls/x509_cert_reader.h"
#include "session/session.h"

namespace luacap::engine {

namespace {

std::shared_ptr<const TlsParserConfig> &sharedSlot()
{
    static std::shared_ptr<const TlsParserConfig> slot;   // set once at start-up (main thread)
    return slot;
}

uint32_t be24(const uint8_t *p)
{
    return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2];
}

bool hasTlsParser(const Session &s)
{
    return std::any_of(s.parsers.begin(), s.parsers.end(),
                       [](const auto &p) { return dynamic_cast<const TlsParser *>(p.get()) != nullptr; });
}

} // namespace

std::shared_ptr<const TlsParserConfig> TlsParser::sharedConfig()
{
    return sharedSlot();
}

void TlsParser::add(Session &s, int field, const std::string &value) const
{
    if (field >= 0 && !value.empty())
        s.fields.addString(config_->registry->get(field), value);
}

SessionParser::Result TlsParser::onGap(Session &, int direction, uint32_t)
{
    stopped_[direction & 1] = true;   // record framing is lost
    return stopped_[0] && stopped_[1] ? Result::Done : Result::Continue;
}

SessionParser::Result TlsParser::onData(Session &s, int direction, const uint8_t *data, uint32_t len)
{
    const int d = direction & 1;
    std::vector<uint8_t> &buf = record_[d];
    while (len > 0 && !stopped_[d]) {
        // Gather the 5-byte header, then the record body, in buf.
        const uint32_t want = buf.size() < 5 ? 5 : 5 + (uint32_t(buf[3]) << 8 | buf[4]);
        const uint32_t take = std::min<uint32_t>(len, want - uint32_t(buf.size()));
        buf.insert(buf.end(), data, data + take);
        data += take;
        len -= take;
        if (buf.size() == 5 && (buf[0] < 20 || buf[0] > 23 || buf[1] != 3 || 5u + (buf[3] << 8 | buf[4]) > kMaxRecord)) {
            stopped_[d] = true;   // not a TLS record: stop this direction
            break;
        }
        if (buf.size() >= 5 && buf.size() == 5u + (uint32_t(buf[3]) << 8 | buf[4])) {
            onRecord(s, d, buf.data(), uint32_t(buf.size()));
            buf.clear();
        }
    }
    if (stopped_[d]) {
        buf.clear();
        buf.shrink_to_fit();
        handshake_[d].clear();
        handshake_[d].shrink_to_fit();
    }
    return stopped_[0] && stopped_[1] ? Result::Done : Result::Continue;
}

void TlsParser::onRecord(Session &s, int d, const uint8_t *rec, uint32_t len)
{
    if (rec[0] != 22) {   // change_cipher_spec, alert, application_data: the rest is encrypted
        stopped_[d] = rec[0] == 20 || rec[0] == 23 || stopped_[d];
        return;
    }
    std::vector<uint8_t> &hs = handshake_[d];
    if (hs.size() + len - 5 > kMaxHandshake) {
        stopped_[d] = true;
        return;
    }
    hs.insert(hs.end(), rec + 5, rec + len);
    size_t pos = 0;
    while (hs.size() - pos >= 4) {
        const uint32_t n = be24(hs.data() + pos + 1);
        if (n > kMaxHandshake) {
            stopped_[d] = true;
            return;
        }
        if (hs.size() - pos - 4 < n)
            break;
        onHandshake(s, d, hs[pos], hs.data() + pos + 4, n);
        pos += 4 + n;
    }
    hs.erase(hs.begin(), hs.begin() + long(pos));
}

void TlsParser::onHandshake(Session &s, int, uint8_t type, const uint8_t *body, uint32_t len)
{
    TlsHello hello;
    if (type == 1 && TlsHelloReader::readClientHello(body, len, hello))
        onClientHello(s, hello);
    else if (type == 2 && TlsHelloReader::readServerHello(body, len, hello))
        onServerHello(s, hello);
    else if (type == 11)
        onCertificates(s, body, len);
}

void TlsParser::onClientHello(Session &s, const TlsHello &h)
{
    const TlsParserConfig &c = *config_;
    const std::string ja3 = TlsFingerprints::ja3String(h);
    add(s, c.ja3, TlsFingerprints::md5Hex(ja3));
    if (c.withJa3Strings)
        add(s, c.ja3String, ja3);
    std::string raw;
    add(s, c.ja4, TlsFingerprints::ja4(h, 't', raw));
    if (c.withJa4Raw)
        add(s, c.ja4Raw, raw);
    add(s, c.srcSessionId, h.sessionId);
    add(s, c.host, h.sni);
}

void TlsParser::onServerHello(Session &s, const TlsHello &h)
{
    const TlsParserConfig &c = *config_;
    add(s, c.version, tlsVersionName(h.supportedVersion ? h.supportedVersion : h.version));
    if (!h.ciphers.empty())
        add(s, c.cipher, tlsCipherName(h.ciphers[0]));
    const std::string ja3s = TlsFingerprints::ja3sString(h);
    add(s, c.ja3s, TlsFingerprints::md5Hex(ja3s));
    if (c.withJa3Strings)
        add(s, c.ja3sString, ja3s);
    add(s, c.dstSessionId, h.sessionId);
    if (!h.alpn.empty() && h.alpn[0] == "h2")
        s.fields.addString(c.registry->get(FieldRegistry::Protocol), "http2");
}

void TlsParser::onCertificates(Session &s, const uint8_t *body, uint32_t len)
{
    if (len < 3)
        return;
    const uint32_t end = std::min(len, 3 + be24(body));
    const int64_t now = s.firstPacketUsec / 1000000;   // Arkime counts from the first packet
    std::string leaf;
    for (uint32_t pos = 3; end - pos >= 3;) {
        const uint32_t n = be24(body + pos);
        pos += 3;
        if (n > end - pos)
            break;
        X509Info info;
        if (X509CertReader::read(body + pos, n, info)) {
            // Arkime's records list the chain's other certificates before the server's own
            if (pos == 6)
                leaf = info.toJson(now);
            else
                add(s, config_->cert, info.toJson(now));
        }
        pos += n;
    }
    add(s, config_->cert, leaf);
}

bool registerTlsParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                       std::string *error)
{
    auto c = std::make_shared<TlsParserConfig>();
    c->registry = &registry;
    c->withJa3Strings = config.ja3Strings;
    c->withJa4Raw = config.ja4Raw;
    struct Spec {
        int TlsParserConfig::*id;
        const char *expression, *spec;
    };
    static const Spec kSpecs[] = {
        {&TlsParserConfig::version, "tls.version", "kind:termfield;db:tls.version;group:tls;count:true;help:SSL/TLS version field"},
        {&TlsParserConfig::cipher, "tls.cipher", "kind:uptermfield;db:tls.cipher;group:tls;count:true;help:SSL/TLS cipher field"},
        {&TlsParserConfig::ja3, "tls.ja3", "kind:lotermfield;db:tls.ja3;group:tls;count:true;help:SSL/TLS JA3 field"},
        {&TlsParserConfig::ja3String, "tls.ja3string", "kind:lotermfield;db:tls.ja3string;group:tls;count:true;help:SSL/TLS JA3 String field"},
        {&TlsParserConfig::ja3s, "tls.ja3s", "kind:lotermfield;db:tls.ja3s;group:tls;count:true;help:SSL/TLS JA3S field"},
        {&TlsParserConfig::ja3sString, "tls.ja3sstring", "kind:lotermfield;db:tls.ja3sstring;group:tls;count:true;help:SSL/TLS JA3S String field"},
        {&TlsParserConfig::ja4, "tls.ja4", "kind:lotermfield;db:tls.ja4;group:tls;count:true;help:SSL/TLS JA4 field"},
        {&TlsParserConfig::ja4Raw, "tls.ja4_r", "kind:lotermfield;db:tls.ja4_r;group:tls;count:true;help:SSL/TLS JA4_r field"},
        {&TlsParserConfig::srcSessionId, "tls.sessionid.src", "kind:lotermfield;db:tls.srcSessionId;group:tls;help:SSL/TLS Src Session Id"},
        {&TlsParserConfig::dstSessionId, "tls.sessionid.dst", "kind:lotermfield;db:tls.dstSessionId;group:tls;help:SSL/TLS Dst Session Id"},
        {&TlsParserConfig::host, "host.http", "kind:lotermfield;db:http.host;group:http;count:true;help:HTTP host header field"},
    };
    for (const Spec &s : kSpecs)
        if ((c.get()->*s.id = registry.defineFromSpec(s.expression, s.spec, error)) < 0)
            return false;
    FieldDef cert;
    cert.expression = "cert";
    cert.dbField = "cert";
    cert.kind = "object";
    cert.group = "cert";
    cert.help = "Certificates";
    cert.flags = FieldCnt | FieldJsonObject;
    if ((c->cert = registry.define(cert, error)) < 0)
        return false;
    std::shared_ptr<const TlsParserConfig> shared = c;
    sharedSlot() = shared;
    table.addTcp("tls", 0, std::string("\x16\x03", 2), [shared](const ClassifyInput &in) {
        if (in.len < 6 || in.data[2] > 0x04 || (in.data[5] != 1 && in.data[5] != 2) || hasTlsParser(in.session))
            return;
        in.session.fields.addString(shared->registry->get(FieldRegistry::Protocol), "tls");
        in.session.attachParser(std::make_unique<TlsParser>(shared));
    });
    return true;
}

} // namespace luacap::engine

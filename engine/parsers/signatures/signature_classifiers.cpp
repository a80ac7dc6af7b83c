// Signature classifiers: byte patterns and ports after Arkime's classifiers (misc.c and the
// per-protocol parsers). Each check is a pure function of the first payload of a direction.
#include "parsers/signatures/signature_classifiers.h"

#include <cstring>
#include <string_view>

#include "fields/field_registry.h"
#include "session/session.h"

namespace luacap::engine {

namespace {

using Check = bool (*)(const ClassifyInput &);

uint32_t be16(const uint8_t *p) { return uint32_t(p[0]) << 8 | p[1]; }
uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }

bool contains(const ClassifyInput &in, std::string_view needle, uint32_t within = 256)
{
    const std::string_view hay(reinterpret_cast<const char *>(in.data), std::min(in.len, within));
    return hay.find(needle) != std::string_view::npos;
}

bool containsNoCase(const ClassifyInput &in, std::string_view needle, uint32_t within = 256)
{
    const uint32_t n = std::min(in.len, within);
    for (uint32_t i = 0; i + needle.size() <= n; ++i)
        if (strncasecmp(reinterpret_cast<const char *>(in.data + i), needle.data(), needle.size()) == 0)
            return true;
    return false;
}

bool port(const ClassifyInput &in, uint16_t p) { return in.sourcePort == p || in.destinationPort == p; }

// Length of a BER TLV header at p (0 when malformed).
uint32_t berHeader(const uint8_t *p, uint32_t len, uint32_t &valueLen)
{
    if (len < 2)
        return 0;
    if (!(p[1] & 0x80)) {
        valueLen = p[1];
        return 2;
    }
    const uint32_t n = p[1] & 0x7f;
    if (n == 0 || n > 4 || len < 2 + n)
        return 0;
    valueLen = 0;
    for (uint32_t i = 0; i < n; ++i)
        valueLen = valueLen << 8 | p[2 + i];
    return 2 + n;
}

bool ftp(const ClassifyInput &in) { return in.len > 4 && (in.data[3] == ' ' || in.data[3] == '-') && containsNoCase(in, "FTP"); }
bool rdp(const ClassifyInput &in) { return in.len > 5 && in.data[5] == 0xe0 && be16(in.data + 2) == in.len; }
bool smb(const ClassifyInput &in) { return in.len > 8 && (in.data[4] == 0xff || in.data[4] == 0xfe) && std::memcmp(in.data + 5, "SMB", 3) == 0; }
bool socks4(const ClassifyInput &in) { return in.len >= 9 && (in.data[1] == 1 || in.data[1] == 2) && in.data[in.len - 1] == 0; }
bool socks5(const ClassifyInput &in) { return in.len >= 3 && in.len == 2u + in.data[1] && in.data[1] > 0 && in.data[2] <= 9; }
bool mysql(const ClassifyInput &in)
{
    return in.len > 8 && in.data[3] == 0 && in.data[4] == 10 &&
           (uint32_t(in.data[0]) | uint32_t(in.data[1]) << 8 | uint32_t(in.data[2]) << 16) + 4 <= in.len;
}
bool postgresql(const ClassifyInput &in)
{
    if (in.len < 8 || be32(in.data) != in.len)
        return false;
    return be32(in.data + 4) == 0x00030000 || be32(in.data + 4) == 0x04d2162f;   // startup / SSLRequest
}
bool redis(const ClassifyInput &in) { return in.len > 4 && in.data[1] >= '1' && in.data[1] <= '9' && contains(in, "\r\n$", 8); }
bool mongo(const ClassifyInput &in)
{
    if (in.len < 16 || (uint32_t(in.data[0]) | uint32_t(in.data[1]) << 8 | uint32_t(in.data[2]) << 16 | uint32_t(in.data[3]) << 24) > 48u * 1024 * 1024)
        return false;
    const uint32_t op = uint32_t(in.data[12]) | uint32_t(in.data[13]) << 8;
    return in.data[14] == 0 && in.data[15] == 0 && (op == 2004 || op == 2013 || op == 1 || op == 2012);
}
bool irc(const ClassifyInput &in)
{
    if (in.data[0] == ':')
        return contains(in, " NOTICE ") || contains(in, " 001 ");
    return in.len > 5 && (std::memcmp(in.data, "NICK ", 5) == 0 || std::memcmp(in.data, "CAP LS", 6) == 0);
}
bool ldap(const ClassifyInput &in)
{
    uint32_t seqLen = 0, idLen = 0;
    const uint32_t h = berHeader(in.data, in.len, seqLen);
    if (!h || in.len < h + 3 || in.data[h] != 0x02)
        return false;
    const uint32_t ih = berHeader(in.data + h, in.len - h, idLen);
    if (!ih || idLen == 0 || idLen > 4 || in.len <= h + ih + idLen)
        return false;
    const uint8_t op = in.data[h + ih + idLen];
    return (op >= 0x60 && op <= 0x79) || op == 0x42 || op == 0x50;
}
bool krb5Tag(uint8_t t) { return t == 0x6a || t == 0x6b || t == 0x6c || t == 0x6d || t == 0x7e; }
bool krb5Tcp(const ClassifyInput &in) { return in.len > 6 && be32(in.data) + 4 == in.len && krb5Tag(in.data[4]); }
bool krb5Udp(const ClassifyInput &in) { return in.len > 2 && krb5Tag(in.data[0]) && (in.data[1] & 0x80); }
bool modbus(const ClassifyInput &in) { return in.len >= 8 && be16(in.data + 2) == 0 && be16(in.data + 4) + 6 == in.len && port(in, 502); }
bool mqtt(const ClassifyInput &in) { return in.len > 8 && (contains(in, "MQTT", 16) || contains(in, "MQIsdp", 16)); }
bool dcerpc(const ClassifyInput &in) { return in.len >= 16 && in.data[1] == 0 && (in.data[2] == 0x0b || in.data[2] == 0x0c) && be16(in.data + 8) != 0; }
bool oracle(const ClassifyInput &in) { return in.len > 10 && be16(in.data) == in.len && in.data[4] == 1 && in.data[5] == 0; }
bool diameter(const ClassifyInput &in) { return in.len >= 20 && (be32(in.data) & 0xffffff) == in.len; }
bool tds(const ClassifyInput &in) { return in.len >= 8 && (in.data[1] == 0 || in.data[1] == 1) && be16(in.data + 2) == in.len; }
bool s7comm(const ClassifyInput &in) { return in.len > 8 && in.data[5] == 0xf0 && in.data[7] == 0x32; }
bool s7commPlus(const ClassifyInput &in) { return in.len > 8 && in.data[5] == 0xf0 && in.data[7] == 0x72; }
bool enip(const ClassifyInput &in)
{
    if (in.len < 24)
        return false;
    const uint32_t cmd = in.data[0] | uint32_t(in.data[1]) << 8, dataLen = in.data[2] | uint32_t(in.data[3]) << 8;
    return dataLen + 24 == in.len && (cmd == 0x04 || cmd == 0x63 || cmd == 0x64 || cmd == 0x65 || cmd == 0x66 || cmd == 0x6f || cmd == 0x70);
}
bool cip(const ClassifyInput &in) { return enip(in) && (in.data[0] == 0x6f || in.data[0] == 0x70); }

bool ntp(const ClassifyInput &in) { return in.len >= 48 && ((in.data[0] >> 3) & 7) >= 1 && ((in.data[0] >> 3) & 7) <= 4; }
bool dhcp(const ClassifyInput &in) { return in.len > 240 && (in.data[0] == 1 || in.data[0] == 2) && be32(in.data + 236) == 0x63825363; }
bool dhcpv6(const ClassifyInput &in) { return in.len >= 4 && in.data[0] >= 1 && in.data[0] <= 13; }
bool sip(const ClassifyInput &in)
{
    static const char *const kStarts[] = {"SIP/2.0 ", "INVITE sip:", "REGISTER sip:", "OPTIONS sip:", "ACK sip:", "BYE sip:", "CANCEL sip:", "NOTIFY sip:", "SUBSCRIBE sip:", "MESSAGE sip:"};
    for (const char *s : kStarts)
        if (in.len > std::strlen(s) && std::memcmp(in.data, s, std::strlen(s)) == 0)
            return true;
    return false;
}
bool quic(const ClassifyInput &in)
{
    if (in.len < 20 || !(in.data[0] & 0x80))
        return false;
    const uint32_t v = be32(in.data + 1);
    return v == 1 || v == 0x6b3343cf || (v & 0xffffff00) == 0xff000000 || v == 0x51303433 || v == 0x51303436 || v == 0x51303530;
}
bool snmp(const ClassifyInput &in)
{
    uint32_t l = 0;
    const uint32_t h = berHeader(in.data, in.len, l);
    return h && in.data[0] == 0x30 && in.len > h + 3 && in.data[h] == 0x02 && in.data[h + 1] == 1 && in.data[h + 2] <= 3;
}
bool radius(const ClassifyInput &in) { return in.len >= 20 && in.data[0] >= 1 && in.data[0] <= 5 && be16(in.data + 2) == in.len; }
bool tftp(const ClassifyInput &in) { return in.len > 4 && in.data[0] == 0 && (in.data[1] == 1 || in.data[1] == 2) && in.data[in.len - 1] == 0; }
bool netflow(const ClassifyInput &in)
{
    const uint32_t v = be16(in.data), count = in.len >= 4 ? be16(in.data + 2) : 0;
    return in.len >= 24 && count > 0 && ((v == 5 && in.len == 24 + count * 48) || (v == 1 && in.len == 16 + count * 48) ||
                                          (v == 7 && in.len == 24 + count * 52) || v == 9);
}
bool ipfix(const ClassifyInput &in) { return in.len >= 16 && be16(in.data) == 10 && be16(in.data + 2) == in.len; }
bool sflow(const ClassifyInput &in) { return in.len >= 28 && be32(in.data) == 5 && (be32(in.data + 4) == 1 || be32(in.data + 4) == 2); }
bool stun(const ClassifyInput &in) { return in.len >= 20 && be32(in.data + 4) == 0x2112a442 && be16(in.data + 2) + 20 == in.len; }
bool bacnet(const ClassifyInput &in) { return in.len >= 4 && in.data[0] == 0x81 && be16(in.data + 2) == in.len; }
bool dnp3(const ClassifyInput &in) { return in.len >= 10 && in.data[0] == 0x05 && in.data[1] == 0x64; }
bool synchrophasor(const ClassifyInput &in) { return in.len >= 16 && in.data[0] == 0xaa && be16(in.data + 2) == in.len; }
bool isakmp(const ClassifyInput &in) { return in.len >= 28 && (be32(in.data + 24) == in.len || (in.len >= 32 && be32(in.data) == 0 && be32(in.data + 28) == in.len - 4)); }
bool any(const ClassifyInput &) { return true; }

struct Signature {
    const char *protocol;
    bool tcp;
    uint16_t port;        // 0: any port
    uint32_t offset;
    std::string_view match;
    Check check;
};

using namespace std::string_view_literals;
const Signature kSignatures[] = {
    {"ssh", true, 0, 0, "SSH-"sv, any},
    {"ftp", true, 0, 0, "220"sv, ftp},
    {"pop3", true, 0, 0, "+OK "sv, any},
    {"imap", true, 0, 0, "* OK "sv, any},
    {"smb", true, 0, 0, "\x00"sv, smb},
    {"rdp", true, 0, 0, "\x03\x00"sv, rdp},
    {"socks", true, 0, 0, "\x04"sv, socks4},
    {"socks", true, 0, 0, "\x05"sv, socks5},
    {"bittorrent", true, 0, 0, "\x13" "BitTorrent protocol"sv, any},
    {"mysql", true, 0, 0, ""sv, mysql},
    {"postgresql", true, 0, 0, "\x00"sv, postgresql},
    {"redis", true, 0, 0, "*"sv, redis},
    {"mongo", true, 0, 0, ""sv, mongo},
    {"http2", true, 0, 0, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"sv, any},
    {"rtsp", true, 0, 0, "RTSP/1.0 "sv, any},
    {"irc", true, 0, 0, ""sv, irc},
    {"ldap", true, 0, 0, "\x30"sv, ldap},
    {"krb5", true, 88, 0, ""sv, krb5Tcp},
    {"modbus", true, 0, 0, ""sv, modbus},
    {"bgp", true, 0, 0, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"sv, any},
    {"mqtt", true, 0, 0, "\x10"sv, mqtt},
    {"dcerpc", true, 0, 0, "\x05"sv, dcerpc},
    {"oracle", true, 1521, 0, ""sv, oracle},
    {"bitcoin", true, 0, 0, "\xf9\xbe\xb4\xd9"sv, any},
    {"diameter", true, 3868, 0, "\x01"sv, diameter},
    {"tds", true, 1433, 0, "\x12"sv, tds},
    {"s7comm", true, 102, 0, "\x03\x00"sv, s7comm},
    {"s7comm-plus", true, 102, 0, "\x03\x00"sv, s7commPlus},
    {"enip", true, 44818, 0, ""sv, enip},
    {"cip", true, 44818, 0, ""sv, cip},
    {"sip", true, 0, 0, ""sv, sip},
    {"ntp", false, 123, 0, ""sv, ntp},
    {"dhcp", false, 67, 0, ""sv, dhcp},
    {"dhcpv6", false, 547, 0, ""sv, dhcpv6},
    {"sip", false, 0, 0, ""sv, sip},
    {"quic", false, 0, 0, ""sv, quic},
    {"krb5", false, 88, 0, ""sv, krb5Udp},
    {"snmp", false, 0, 0, "\x30"sv, snmp},
    {"nbns", false, 137, 0, ""sv, any},
    {"radius", false, 1812, 0, ""sv, radius},
    {"radius", false, 1813, 0, ""sv, radius},
    {"radius", false, 1645, 0, ""sv, radius},
    {"radius", false, 1646, 0, ""sv, radius},
    {"tftp", false, 69, 0, "\x00"sv, tftp},
    {"netflow", false, 0, 0, "\x00"sv, netflow},
    {"ipfix", false, 0, 0, "\x00\x0a"sv, ipfix},
    {"sflow", false, 0, 0, "\x00\x00\x00\x05"sv, sflow},
    {"stun", false, 0, 0, ""sv, stun},
    {"isakmp", false, 500, 0, ""sv, isakmp},
    {"isakmp", false, 4500, 0, ""sv, any},
    {"bacnet", false, 47808, 0, ""sv, bacnet},
    {"dnp3", false, 0, 0, "\x05\x64"sv, dnp3},
    {"dnp3", true, 0, 0, "\x05\x64"sv, dnp3},
    {"synchrophasor", false, 0, 0, "\xaa"sv, synchrophasor},
    {"ptp", false, 319, 0, ""sv, any},
    {"ptp", false, 320, 0, ""sv, any},
    {"pana", false, 716, 0, ""sv, any},
    {"enip", false, 44818, 0, ""sv, enip},
    {"enip", false, 2222, 0, ""sv, any},
    {"cip", false, 44818, 0, ""sv, cip},
};

} // namespace

bool registerSignatureClassifiers(const ParserConfig &, FieldRegistry &registry, ClassifierTable &table, std::string *)
{
    const FieldRegistry *reg = &registry;
    for (const Signature &sig : kSignatures) {
        ClassifyFn fn = [reg, &sig](const ClassifyInput &in) {
            if ((sig.port && !port(in, sig.port)) || !sig.check(in))
                return;
            in.session.fields.addString(reg->get(FieldRegistry::Protocol), sig.protocol);
        };
        if (sig.tcp)
            table.addTcp(sig.protocol, sig.offset, std::string(sig.match), std::move(fn));
        else
            table.addUdp(sig.protocol, sig.offset, std::string(sig.match), std::move(fn));
    }
    return true;
}

} // namespace luacap::engine

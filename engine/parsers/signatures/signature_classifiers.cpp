// Signature classifiers: byte patterns and ports after Arkime's classifiers (misc.c and the
// per-protocol parsers). Each check is a pure function of the first payload of a direction.
#include "parsers/signatures/signature_classifiers.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

#include "fields/field_registry.h"
#include "parsers/signatures/deferred_protocol_parser.h"
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
// Printable bytes from p up to a NUL: the NUL's offset, end when there is none, 0 on a byte
// that is not printable.
const uint8_t *printableUntilNul(const uint8_t *p, const uint8_t *end)
{
    for (; p < end && *p; ++p)
        if (*p < 0x20 || *p > 0x7e)
            return nullptr;
    return p;
}
// The server greeting (protocol 10) only arms the check: Arkime names mysql when the client's
// login follows.
bool mysqlGreeting(const ClassifyInput &in)
{
    if (in.direction != 1 || in.len < 6 || std::memcmp(in.data + 1, "\x00\x00\x00\x0a", 4) != 0)
        return false;
    const uint8_t *end = in.data + in.len, *nul = printableUntilNul(in.data + 5, end);
    return nul && nul != end && nul != in.data + 5;
}
bool mysqlLogin(const uint8_t *d, uint32_t len)
{
    if ((len < 35 && len != 8) || d[1] != 0 || d[2] != 0 || d[3] > 2)
        return false;
    return len < 36 || printableUntilNul(d + 36, d + len) != nullptr;
}
// A startup message naming a user, or an SSLRequest.
bool postgresql(const ClassifyInput &in)
{
    const uint8_t *d = in.data;
    if (in.len == 8)
        return std::memcmp(d + 3, "\x08\x04\xd2\x16\x2f", 5) == 0;
    if (in.len <= 8 || d[3] > in.len || d[4] != 0 || d[5] != 3 || d[6] != 0)
        return false;
    const uint32_t plen = be32(d);
    if (plen > in.len || plen < 16)
        return false;
    for (uint32_t pos = 8; pos < in.len && d[pos];) {
        const void *keyEnd = std::memchr(d + pos, 0, in.len - pos);
        if (!keyEnd)
            return false;
        const uint32_t valuePos = uint32_t(static_cast<const uint8_t *>(keyEnd) - d) + 1;
        if (valuePos - pos == 5 && std::memcmp(d + pos, "user", 4) == 0)
            return true;
        const void *valueEnd = valuePos < in.len ? std::memchr(d + valuePos, 0, in.len - valuePos) : nullptr;
        if (!valueEnd)
            return false;
        pos = uint32_t(static_cast<const uint8_t *>(valueEnd) - d) + 1;
    }
    return false;
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
// A TDS 4/5 login record from the client (Arkime's rule: at least 512 bytes).
bool tdsLogin(const ClassifyInput &in) { return in.direction == 0 && in.len >= 512; }
// ANSI C12.22: an ACSE APPLICATION[0] whose first element is called-AP-title [2],
// called-AP-invocation-id [4] or calling-AP-title [6].
bool c1222(const ClassifyInput &in)
{
    uint32_t outerLen = 0;
    const uint32_t h = berHeader(in.data, in.len, outerLen);
    if (in.len < 6 || !h || h >= in.len)
        return false;
    const uint8_t inner = in.data[h];
    return (inner & 0xc0) == 0x80 && ((inner & 0x1f) == 2 || (inner & 0x1f) == 4 || (inner & 0x1f) == 6);
}
bool s7comm(const ClassifyInput &in) { return in.len > 8 && in.data[5] == 0xf0 && in.data[7] == 0x32; }
bool s7commPlus(const ClassifyInput &in) { return in.len > 8 && in.data[5] == 0xf0 && in.data[7] == 0x72; }
// Any TPKT in the payload carrying COTP data whose first byte is S7comm-plus's 0x72.
bool s7commPlusLater(const uint8_t *d, uint32_t len)
{
    for (uint32_t pos = 0; pos + 8 <= len && d[pos] == 3;) {
        const uint32_t tpkt = be16(d + pos + 2);
        if (tpkt < 8)
            return false;
        if (d[pos + 5] == 0xf0 && d[pos + 7] == 0x72)
            return true;
        pos += tpkt;
    }
    return false;
}
bool tpkt(const ClassifyInput &in) { return in.len >= 4 && in.data[0] == 3 && in.data[1] == 0; }
bool enip(const ClassifyInput &in)
{
    if (in.len < 24)
        return false;
    const uint32_t cmd = in.data[0] | uint32_t(in.data[1]) << 8, dataLen = in.data[2] | uint32_t(in.data[3]) << 8;
    return dataLen + 24 == in.len && (cmd == 0x04 || cmd == 0x63 || cmd == 0x64 || cmd == 0x65 || cmd == 0x66 || cmd == 0x6f || cmd == 0x70);
}
// SendRRData / SendUnitData whose common packet format holds a connected (0xb1) or
// unconnected (0xb2) data item: CIP, as Arkime's ENIP parser names it. Walks every
// encapsulation message of the payload.
bool cipItems(const uint8_t *d, uint32_t len)
{
    uint32_t count = d[6] | uint32_t(d[7]) << 8, pos = 8;
    for (; count > 0 && count <= 16 && pos + 4 <= len; --count) {
        const uint32_t type = d[pos] | uint32_t(d[pos + 1]) << 8, itemLen = d[pos + 2] | uint32_t(d[pos + 3]) << 8;
        pos += 4;
        if (itemLen > len - pos)
            return false;
        if ((type == 0xb1 || type == 0xb2) && itemLen >= (type == 0xb1 ? 3u : 1u))
            return true;
        pos += itemLen;
    }
    return false;
}
bool cipLater(const uint8_t *d, uint32_t len)
{
    for (uint32_t pos = 0; pos + 24 <= len;) {
        const uint32_t cmd = d[pos] | uint32_t(d[pos + 1]) << 8, dataLen = d[pos + 2] | uint32_t(d[pos + 3]) << 8;
        const uint32_t bodyLen = std::min(dataLen, len - pos - 24);
        if ((cmd == 0x6f || cmd == 0x70) && bodyLen >= 8 && cipItems(d + pos + 24, bodyLen))
            return true;
        pos += 24 + dataLen;
    }
    return false;
}
bool anyEnipPort(const ClassifyInput &in) { return port(in, 44818) || port(in, 2222); }

bool ntp(const ClassifyInput &in) { return in.len >= 48 && ((in.data[0] >> 3) & 7) >= 1 && ((in.data[0] >> 3) & 7) <= 4; }
bool dhcp(const ClassifyInput &in) { return in.len >= 256 && (in.data[0] == 1 || in.data[0] == 2) && be32(in.data + 236) == 0x63825363; }
bool dhcpv6(const ClassifyInput &in)
{
    return in.len >= 4 && in.data[0] >= 1 && in.data[0] <= 35 && in.session.key.family == AddressFamily::V6;
}
bool sip(const ClassifyInput &in)
{
    static const char *const kStarts[] = {"SIP/2.0 ", "INVITE sip:", "REGISTER sip:", "OPTIONS sip:", "ACK sip:", "BYE sip:", "CANCEL sip:", "NOTIFY sip:", "SUBSCRIBE sip:", "MESSAGE sip:"};
    for (const char *s : kStarts)
        if (in.len > std::strlen(s) && std::memcmp(in.data, s, std::strlen(s)) == 0)
            return true;
    return false;
}
// QUIC variable-length integer at p (0 bytes used when it does not fit).
uint64_t quicVarint(const uint8_t *p, uint32_t left, uint32_t &used)
{
    used = left ? 1u << (p[0] >> 6) : 0;
    if (!used || used > left)
        return used = 0;
    uint64_t v = p[0] & 0x3f;
    for (uint32_t i = 1; i < used; ++i)
        v = v << 8 | p[i];
    return v;
}
// IETF QUIC: a padded client Initial whose long header length field covers the rest of the
// datagram (Arkime also decrypts the Initial and wants a CRYPTO frame; luacap does not).
bool quicIetf(const ClassifyInput &in)
{
    if (in.direction != 0 || in.len < 1200 || in.len > 3000 || (in.data[0] & 0xf0) != 0xc0)
        return false;
    uint32_t pos = 5;
    for (int cid = 0; cid < 2; ++cid) {
        if (pos >= in.len)
            return false;
        pos += 1 + in.data[pos];
    }
    uint32_t used = 0;
    const uint64_t tokenLen = pos < in.len ? quicVarint(in.data + pos, in.len - pos, used) : 0;
    if (!used)
        return false;
    pos += used + uint32_t(std::min<uint64_t>(tokenLen, in.len));
    const uint64_t length = pos < in.len ? quicVarint(in.data + pos, in.len - pos, used) : 0;
    return used && pos + used + length == in.len;
}
// Google QUIC Q024-Q043: public flags with the version bit, version after an 8-byte CID.
bool quicGoogle(const ClassifyInput &in)
{
    if (in.len <= 100 || (in.data[0] & 0x83) != 0x01 || !(in.data[0] & 0x08))
        return false;
    const int version = (in.data[10] - '0') * 100 + (in.data[11] - '0') * 10 + (in.data[12] - '0');
    return version >= 24;
}
// Google QUIC Q046-Q048 (long header, version at offset 1) carrying a CHLO.
bool quicGoogle46(const ClassifyInput &in)
{
    if (in.len <= 100 || (in.data[0] & 0xc0) != 0xc0 || in.data[4] < '6' || in.data[4] > '8')
        return false;
    return std::string_view(reinterpret_cast<const char *>(in.data) + 5, in.len - 5).find("CHLO") != std::string_view::npos;
}
bool snmp(const ClassifyInput &in)
{
    uint32_t l = 0;
    const uint32_t h = berHeader(in.data, in.len, l);
    return h && in.data[0] == 0x30 && in.len > h + 3 && in.data[h] == 0x02 && in.data[h + 1] == 1 && in.data[h + 2] <= 3;
}
// The declared length may be shorter than the datagram (trailing bytes are ignored).
bool radius(const ClassifyInput &in)
{
    return in.len >= 20 && in.data[0] >= 1 && in.data[0] <= 5 && be16(in.data + 2) >= 20 && be16(in.data + 2) <= in.len;
}
bool dtls(const ClassifyInput &in) { return in.len >= 100 && in.data[13] == 1; }
bool tftp(const ClassifyInput &in) { return in.len > 4 && in.data[0] == 0 && (in.data[1] == 1 || in.data[1] == 2) && in.data[in.len - 1] == 0; }
bool netflow(const ClassifyInput &in)
{
    if (in.len < 24)   // the header alone: version and count are read below
        return false;
    const uint32_t v = be16(in.data), count = be16(in.data + 2);
    // Records must fit; exporters may pad the datagram.
    return count > 0 && count <= 30 &&
           ((v == 5 && in.len >= 24 + count * 48) || (v == 1 && in.len >= 16 + count * 48) ||
            (v == 7 && in.len >= 24 + count * 52) || v == 9);
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
    {"bittorrent", true, 0, 0, "\x13" "BitTorrent protocol"sv, any},
    {"postgresql", true, 0, 0, "\x00\x00\x00"sv, postgresql},
    {"redis", true, 0, 0, "*"sv, redis},
    {"mongo", true, 0, 0, ""sv, mongo},
    {"http2", true, 0, 0, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"sv, any},
    {"rpc-over-http", true, 0, 0, "RPC_IN_DATA "sv, any},
    {"rpc-over-http", true, 0, 0, "RPC_OUT_DATA "sv, any},
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
    {"tds", true, 0, 0, "\x02\x00\x02\x00\x00\x00\x01\x00"sv, tdsLogin},
    {"c1222", true, 0, 0, "\x60"sv, c1222},
    {"s7comm", true, 102, 0, "\x03\x00"sv, s7comm},
    {"s7comm-plus", true, 102, 0, "\x03\x00"sv, s7commPlus},
    {"enip", true, 44818, 0, ""sv, enip},
    {"sip", true, 0, 0, ""sv, sip},
    {"ntp", false, 123, 0, ""sv, ntp},
    {"dhcp", false, 67, 0, ""sv, dhcp},
    {"dhcpv6", false, 547, 0, ""sv, dhcpv6},
    {"sip", false, 0, 0, ""sv, sip},
    {"quic", false, 0, 1, "\x00\x00\x00\x01"sv, quicIetf},
    {"quic", false, 0, 9, "Q0"sv, quicGoogle},
    {"quic", false, 0, 1, "Q04"sv, quicGoogle46},
    {"dtls", false, 0, 0, "\x16\xfe\xfd"sv, dtls},
    {"dtls", false, 0, 0, "\x16\xfe\xff"sv, dtls},
    {"dtls", false, 0, 0, "\x16\xfe\xfe"sv, dtls},
    {"dtls", false, 0, 0, "\x16\x01\x00"sv, dtls},
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
};

// Classifiers that arm a DeferredProtocolParser: the protocol is named by a later payload.
struct Deferred {
    const char *protocol;
    bool tcp;
    std::string_view match;
    Check arm;                           // on the first payload of a direction
    DeferredProtocolParser::Check later; // on the payloads that follow (and that one)
    int direction;
    uint32_t maxPayloads;
};
const Deferred kDeferred[] = {
    {"mysql", true, ""sv, mysqlGreeting, mysqlLogin, 0, 1},
    {"s7comm-plus", true, "\x03\x00"sv, tpkt, s7commPlusLater, -1, 16},
    {"cip", true, ""sv, anyEnipPort, cipLater, -1, 32},
    {"cip", false, ""sv, anyEnipPort, cipLater, -1, 32},
};

void addDeferredClassifiers(const FieldRegistry &registry, ClassifierTable &table)
{
    const FieldRegistry *reg = &registry;
    for (const Deferred &d : kDeferred) {
        ClassifyFn fn = [reg, &d](const ClassifyInput &in) {
            // Once per session: only on the first direction that carries payload (mysql
            // arms on the server's greeting, which comes first).
            if (in.session.classifiedDirections != (1u << in.direction) || !d.arm(in))
                return;
            const FieldDef &protocol = reg->get(FieldRegistry::Protocol);
            in.session.attachParser(std::make_unique<DeferredProtocolParser>(protocol, d.protocol, d.later,
                                                                             d.direction, d.maxPayloads));
        };
        if (d.tcp)
            table.addTcp(d.protocol, 0, std::string(d.match), std::move(fn));
        else
            table.addUdp(d.protocol, 0, std::string(d.match), std::move(fn));
    }
}

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
    addDeferredClassifiers(registry, table);
    return true;
}

} // namespace luacap::engine

// Community ID v1 (https://github.com/corelight/community-id-spec), written from the spec:
// SHA1 over seed, ordered endpoints, protocol and ports; base64 with a "1:" prefix.
// Called by the record encoder on packet threads.
#include <algorithm>
#include <cstring>
#include <utility>

#include "records/record_encoder.h"
#include "records/sha1.h"

namespace luacap::engine {

namespace {

constexpr uint8_t ProtoIcmp = 1, ProtoTcp = 6, ProtoUdp = 17, ProtoEsp = 50, ProtoIcmp6 = 58, ProtoSctp = 132;

// The spec's request/response pairs: such messages hash as a two-way flow whose "ports" are
// (type, counterpart type). Returns -1 for types that have no counterpart (one-way).
int icmpCounterpart(uint8_t proto, uint8_t type)
{
    static constexpr uint8_t v4[][2] = {{8, 0}, {13, 14}, {15, 16}, {10, 9}, {17, 18}};
    static constexpr uint8_t v6[][2] = {{128, 129}, {133, 134}, {135, 136}, {130, 131}, {139, 140}, {144, 145}};
    const auto search = [type](const auto &pairs) {
        for (const auto &p : pairs) {
            if (p[0] == type) return int(p[1]);
            if (p[1] == type) return int(p[0]);
        }
        return -1;
    };
    return proto == ProtoIcmp ? search(v4) : search(v6);
}

// The spec hashes ESP without ports, but Arkime appends its (zero) ports for ESP too; luacap
// matches Arkime so ids compare equal across the two.
bool covered(uint8_t proto)
{
    return proto == ProtoTcp || proto == ProtoUdp || proto == ProtoSctp || proto == ProtoIcmp ||
           proto == ProtoIcmp6 || proto == ProtoEsp;
}

void appendPort(uint8_t *&p, uint16_t port)
{
    *p++ = uint8_t(port >> 8);
    *p++ = uint8_t(port & 0xff);
}

// Standard base64 with padding (RFC 4648 section 4); returns the text length.
size_t base64(const uint8_t *in, size_t len, char *out)
{
    static constexpr char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *p = out;
    for (size_t i = 0; i < len; i += 3) {
        const uint32_t n = uint32_t(in[i]) << 16 | (i + 1 < len ? uint32_t(in[i + 1]) << 8 : 0) |
                           (i + 2 < len ? in[i + 2] : 0);
        *p++ = digits[n >> 18];
        *p++ = digits[(n >> 12) & 63];
        *p++ = i + 1 < len ? digits[(n >> 6) & 63] : '=';
        *p++ = i + 2 < len ? digits[n & 63] : '=';
    }
    return size_t(p - out);
}

} // namespace

size_t communityIdText(const SessionKey &key, bool sourceIsA, uint8_t icmpType, uint8_t icmpCode, char (&out)[32])
{
    if (key.family == AddressFamily::NonIp || !covered(key.ipProtocol))
        return 0;
    const int len = key.addressLength();
    const uint8_t *src = sourceIsA ? key.addrA.data() : key.addrB.data();
    const uint8_t *dst = sourceIsA ? key.addrB.data() : key.addrA.data();
    uint16_t sport = sourceIsA ? key.portA : key.portB;
    uint16_t dport = sourceIsA ? key.portB : key.portA;
    bool oneWay = false;
    if (key.ipProtocol == ProtoIcmp || key.ipProtocol == ProtoIcmp6) {
        const int peer = icmpCounterpart(key.ipProtocol, icmpType);
        sport = icmpType;
        dport = peer >= 0 ? uint16_t(peer) : icmpCode;
        oneWay = peer < 0;
    }
    const int c = std::memcmp(src, dst, size_t(len));
    if (!oneWay && (c > 0 || (c == 0 && sport > dport))) {
        std::swap(src, dst);
        std::swap(sport, dport);
    }
    uint8_t data[2 + 16 + 16 + 2 + 4];
    uint8_t *p = data;
    *p++ = 0;   // seed 0, big-endian
    *p++ = 0;
    p = std::copy(src, src + len, p);
    p = std::copy(dst, dst + len, p);
    *p++ = key.ipProtocol;
    *p++ = 0;   // padding
    appendPort(p, sport);
    appendPort(p, dport);
    const Sha1::Digest digest = Sha1::hash(data, size_t(p - data));
    out[0] = '1';
    out[1] = ':';
    return 2 + base64(digest.data(), digest.size(), out + 2);
}

std::string communityId(const SessionKey &key, bool sourceIsA, uint8_t icmpType, uint8_t icmpCode)
{
    char text[32];
    return std::string(text, communityIdText(key, sourceIsA, icmpType, icmpCode, text));
}

} // namespace luacap::engine

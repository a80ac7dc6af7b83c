// Community ID v1 (https://github.com/corelight/community-id-spec), written from the spec:
// SHA1 over seed, ordered endpoints, protocol and ports; base64 with a "1:" prefix.
// Called by the record encoder on packet threads.
#include <QByteArray>
#include <QCryptographicHash>
#include <cstring>
#include <utility>

#include "records/record_encoder.h"

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

void appendPort(QByteArray &data, uint16_t port)
{
    data.append(char(port >> 8));
    data.append(char(port & 0xff));
}

} // namespace

std::string communityId(const SessionKey &key, bool sourceIsA, uint8_t icmpType, uint8_t icmpCode)
{
    if (key.family == AddressFamily::NonIp || !covered(key.ipProtocol))
        return {};
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
    QByteArray data;
    data.append(2, '\0');   // seed 0, big-endian
    data.append(reinterpret_cast<const char *>(src), len);
    data.append(reinterpret_cast<const char *>(dst), len);
    data.append(char(key.ipProtocol));
    data.append('\0');      // padding
    appendPort(data, sport);
    appendPort(data, dport);
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha1).toBase64();
    return "1:" + digest.toStdString();
}

} // namespace luacap::engine

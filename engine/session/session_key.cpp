// SessionKey construction and hashing (reader thread).
#include "session/session_key.h"

namespace luacap::engine {

namespace {
// 64-bit mix (splitmix64 finaliser): cheap, good avalanche, no allocation.
inline uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

inline uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
} // namespace

uint64_t SessionKey::hash() const
{
    uint64_t h = mix(0, load64(addrA.data()));
    h = mix(h, load64(addrA.data() + 8));
    h = mix(h, load64(addrB.data()));
    h = mix(h, load64(addrB.data() + 8));
    h = mix(h, (uint64_t(portA) << 32) | (uint64_t(portB) << 16) | ipProtocol);
    return mix(h, (uint64_t(vlan) << 8) | uint64_t(family));
}

bool makeSessionKey(AddressFamily family, const uint8_t *src, const uint8_t *dst, uint16_t srcPort,
                    uint16_t dstPort, uint8_t ipProtocol, uint16_t vlan, SessionKey &out)
{
    out = SessionKey{};
    out.family = family;
    out.ipProtocol = ipProtocol;
    out.vlan = vlan;
    const int len = out.addressLength();
    const int c = std::memcmp(src, dst, size_t(len));
    const bool srcIsA = c < 0 || (c == 0 && srcPort <= dstPort);
    std::memcpy(out.addrA.data(), srcIsA ? src : dst, size_t(len));
    std::memcpy(out.addrB.data(), srcIsA ? dst : src, size_t(len));
    out.portA = srcIsA ? srcPort : dstPort;
    out.portB = srcIsA ? dstPort : srcPort;
    return srcIsA;
}

} // namespace luacap::engine

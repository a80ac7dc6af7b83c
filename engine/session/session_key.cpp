// SessionKey construction and hashing (reader thread).
#include "session/session_key.h"

namespace luacap::engine {

namespace {
inline uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Final avalanche (splitmix64's finaliser) so low bits, which pick the packet thread and
// the table slot, depend on every input bit.
inline uint64_t finalise(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}
} // namespace

// Five independent multiplies (they pipeline) folded by xor, then one avalanche: cheaper
// than chaining a full mix per word, and still stable across runs and platforms.
uint64_t SessionKey::hash() const
{
    const uint64_t w0 = load64(addrA.data()) * 0x9e3779b97f4a7c15ULL;
    const uint64_t w1 = load64(addrA.data() + 8) * 0xc2b2ae3d27d4eb4fULL;
    const uint64_t w2 = load64(addrB.data()) * 0x165667b19e3779f9ULL;
    const uint64_t w3 = load64(addrB.data() + 8) * 0x27d4eb2f165667c5ULL;
    const uint64_t w4 = ((uint64_t(portA) << 48) | (uint64_t(portB) << 32) | (uint64_t(vlan) << 16) |
                         (uint64_t(ipProtocol) << 8) | uint64_t(family)) * 0xff51afd7ed558ccdULL;
    return finalise(w0 ^ (w1 + w2) ^ (w3 + w4) ^ (w0 >> 29) ^ (w2 >> 31));
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

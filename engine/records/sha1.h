// Sha1: SHA-1 (FIPS 180-4) of a short message, with no allocation. The record encoder's
// community id hashes 40 bytes per record on the packet thread; QCryptographicHash cost
// several times the hash itself there.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace luacap::engine {

class Sha1 {
public:
    using Digest = std::array<uint8_t, 20>;
    static Digest hash(const uint8_t *data, size_t len);

private:
    void block(const uint8_t *p);
    uint32_t h_[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u, 0xc3d2e1f0u};
};

} // namespace luacap::engine

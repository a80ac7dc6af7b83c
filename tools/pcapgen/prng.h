// Prng: the generator's only source of randomness (xoshiro256** seeded through splitmix64).
// Every draw is defined here bit for bit, so the same seed gives the same file on any
// platform; std:: distributions are avoided because their output is unspecified.
#pragma once

#include <cstdint>

namespace luacap::pcapgen {

class Prng {
public:
    explicit Prng(uint64_t seed) {
        uint64_t x = seed;
        for (uint64_t &w : s_) w = splitmix64(x);
    }

    // Derives an independent stream for sub-object `index` (a flow) of seed `seed`.
    static Prng forStream(uint64_t seed, uint64_t index) {
        uint64_t x = seed ^ (index * 0xd1342543de82ef95ULL);
        return Prng(splitmix64(x) ^ index);
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n) by multiply-shift (bias below 2^-32 for the small n used here).
    uint32_t below(uint32_t n) { return n == 0 ? 0 : uint32_t(((next() >> 32) * uint64_t(n)) >> 32); }
    // Uniform in [lo, hi], inclusive.
    uint32_t range(uint32_t lo, uint32_t hi) { return lo + below(hi - lo + 1); }
    // True with probability pct/100.
    bool percent(uint32_t pct) { return below(100) < pct; }

    static uint64_t splitmix64(uint64_t &x) {
        uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

} // namespace luacap::pcapgen

// Sha1 implementation, written from FIPS 180-4 section 6.1 (any thread; no shared state).
#include "records/sha1.h"

#include <cstring>

namespace luacap::engine {

namespace {
uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }
} // namespace

void Sha1::block(const uint8_t *p)
{
    uint32_t w[80];
    for (int t = 0; t < 16; ++t)
        w[t] = uint32_t(p[4 * t]) << 24 | uint32_t(p[4 * t + 1]) << 16 | uint32_t(p[4 * t + 2]) << 8 | p[4 * t + 3];
    for (int t = 16; t < 80; ++t)
        w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
    // One loop per round function (no per-round branch); the step is the spec's.
    const auto step = [&](uint32_t f, uint32_t k, uint32_t wt) {
        const uint32_t temp = rotl(a, 5) + f + e + k + wt;
        e = d, d = c, c = rotl(b, 30), b = a, a = temp;
    };
    for (int t = 0; t < 20; ++t)
        step((b & c) | (~b & d), 0x5a827999u, w[t]);
    for (int t = 20; t < 40; ++t)
        step(b ^ c ^ d, 0x6ed9eba1u, w[t]);
    for (int t = 40; t < 60; ++t)
        step((b & c) | (b & d) | (c & d), 0x8f1bbcdcu, w[t]);
    for (int t = 60; t < 80; ++t)
        step(b ^ c ^ d, 0xca62c1d6u, w[t]);
    h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d, h_[4] += e;
}

Sha1::Digest Sha1::hash(const uint8_t *data, size_t len)
{
    Sha1 s;
    size_t done = 0;
    for (; len - done >= 64; done += 64)
        s.block(data + done);
    // Padding: 0x80, zeros, then the message length in bits (big-endian) ending a block.
    uint8_t tail[128] = {};
    const size_t rest = len - done;
    std::memcpy(tail, data + done, rest);
    tail[rest] = 0x80;
    const size_t tailLen = rest + 9 <= 64 ? 64 : 128;
    const uint64_t bits = uint64_t(len) * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailLen - 1 - i] = uint8_t(bits >> (8 * i));
    for (size_t off = 0; off < tailLen; off += 64)
        s.block(tail + off);
    Digest out;
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j)
            out[size_t(4 * i + j)] = uint8_t(s.h_[i] >> (24 - 8 * j));
    return out;
}

} // namespace luacap::engine

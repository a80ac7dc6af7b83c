// MD5 compression, written from RFC 1321. The 64 steps are unrolled at compile time
// (index_sequence) so every shift count and message index is a constant.
#include "digest/md5_block.h"

#include <cstring>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace luacap::engine {

namespace {

// floor(abs(sin(i + 1)) * 2^32), RFC 1321 section 3.4.
constexpr uint32_t kSine[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

constexpr int kShifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

constexpr int shiftOf(int step) { return kShifts[step / 16][step % 4]; }

// Which message word step `step` adds.
constexpr int wordOf(int step)
{
    switch (step / 16) {
    case 0: return step;
    case 1: return (5 * step + 1) % 16;
    case 2: return (3 * step + 5) % 16;
    default: return (7 * step) % 16;
    }
}

uint32_t loadLe32(const uint8_t *p)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap32(v);
#endif
    return v;
}

struct Words {
    uint32_t a, b, c, d;
};

template <int I> inline uint32_t mix(uint32_t b, uint32_t c, uint32_t d)
{
    if constexpr (I < 16)
        return d ^ (b & (c ^ d));
    else if constexpr (I < 32)
        return c ^ (d & (b ^ c));
    else if constexpr (I < 48)
        return b ^ c ^ d;
    else
        return c ^ (b | ~d);
}

template <int I> inline void step(Words &w, const uint32_t *m)
{
    constexpr int s = shiftOf(I);
    const uint32_t t = w.a + mix<I>(w.b, w.c, w.d) + kSine[I] + m[wordOf(I)];
    const uint32_t b = w.b + ((t << s) | (t >> (32 - s)));
    w = {w.d, b, w.b, w.c};
}

template <size_t... I> inline void allSteps(Words &w, const uint32_t *m, std::index_sequence<I...>)
{
    (step<int(I)>(w, m), ...);
}

} // namespace

void md5Blocks(Md5State &state, const uint8_t *data, size_t blocks)
{
    Words w{state[0], state[1], state[2], state[3]};
    for (; blocks > 0; --blocks, data += kMd5Block) {
        uint32_t m[16];
        for (int i = 0; i < 16; ++i)
            m[i] = loadLe32(data + 4 * i);
        const Words before = w;
        allSteps(w, m, std::make_index_sequence<64>());
        w = {w.a + before.a, w.b + before.b, w.c + before.c, w.d + before.d};
    }
    state = {w.a, w.b, w.c, w.d};
}

#if defined(__x86_64__)

#pragma GCC push_options
#pragma GCC target("avx2")

namespace {

struct Lanes {
    __m256i a, b, c, d;
};

template <int I> inline __m256i mix8(__m256i b, __m256i c, __m256i d)
{
    if constexpr (I < 16)
        return _mm256_xor_si256(d, _mm256_and_si256(b, _mm256_xor_si256(c, d)));
    else if constexpr (I < 32)
        return _mm256_xor_si256(c, _mm256_and_si256(d, _mm256_xor_si256(b, c)));
    else if constexpr (I < 48)
        return _mm256_xor_si256(_mm256_xor_si256(b, c), d);
    else
        return _mm256_xor_si256(c, _mm256_or_si256(b, _mm256_xor_si256(d, _mm256_set1_epi32(-1))));
}

template <int I> inline void step8(Lanes &w, const __m256i *m)
{
    constexpr int s = shiftOf(I);
    __m256i t = _mm256_add_epi32(w.a, mix8<I>(w.b, w.c, w.d));
    t = _mm256_add_epi32(t, _mm256_add_epi32(m[wordOf(I)], _mm256_set1_epi32(int(kSine[I]))));
    t = _mm256_or_si256(_mm256_slli_epi32(t, s), _mm256_srli_epi32(t, 32 - s));
    w = {w.d, _mm256_add_epi32(w.b, t), w.b, w.c};
}

template <size_t... I> inline void allSteps8(Lanes &w, const __m256i *m, std::index_sequence<I...>)
{
    (step8<int(I)>(w, m), ...);
}

// Rows r[0..7] (one lane's eight words each) become columns (one word of every lane each).
inline void transpose8(__m256i r[8])
{
    const __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
    const __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
    const __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
    const __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
    const __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
    const __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
    const __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
    const __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
    r[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
    r[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
    r[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
    r[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
    r[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
    r[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
    r[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
    r[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

// The block at each lane's pointer as 16 vectors of word i of every lane (x86 is little endian).
inline void loadBlock8(const uint8_t *const p[kMd5Lanes], __m256i m[16])
{
    for (size_t half = 0; half < 2; ++half) {
        for (size_t lane = 0; lane < kMd5Lanes; ++lane)
            m[8 * half + lane] = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p[lane] + 32 * half));
        transpose8(m + 8 * half);
    }
}

inline __m256i gatherWord(Md5State *const states[kMd5Lanes], int word)
{
    return _mm256_setr_epi32(int((*states[0])[size_t(word)]), int((*states[1])[size_t(word)]), int((*states[2])[size_t(word)]),
                             int((*states[3])[size_t(word)]), int((*states[4])[size_t(word)]), int((*states[5])[size_t(word)]),
                             int((*states[6])[size_t(word)]), int((*states[7])[size_t(word)]));
}

inline void scatterWord(Md5State *const states[kMd5Lanes], int word, __m256i v)
{
    alignas(32) uint32_t out[kMd5Lanes];
    _mm256_store_si256(reinterpret_cast<__m256i *>(out), v);
    for (size_t lane = 0; lane < kMd5Lanes; ++lane)
        (*states[lane])[size_t(word)] = out[lane];
}

// Both lane codes share this loop; Steps runs the 64 steps of one block.
template <typename Steps>
inline void runLanes(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks,
                     Steps steps)
{
    Lanes w{gatherWord(states, 0), gatherWord(states, 1), gatherWord(states, 2), gatherWord(states, 3)};
    const uint8_t *p[kMd5Lanes];
    std::memcpy(p, data, sizeof(p));
    for (; blocks > 0; --blocks) {
        __m256i m[16];
        loadBlock8(p, m);
        const Lanes before = w;
        steps(w, m);
        w = {_mm256_add_epi32(w.a, before.a), _mm256_add_epi32(w.b, before.b),
             _mm256_add_epi32(w.c, before.c), _mm256_add_epi32(w.d, before.d)};
        for (auto &lane : p)
            lane += kMd5Block;
    }
    scatterWord(states, 0, w.a);
    scatterWord(states, 1, w.b);
    scatterWord(states, 2, w.c);
    scatterWord(states, 3, w.d);
}

void blocks8Avx2(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks)
{
    runLanes(states, data, blocks, [](Lanes &w, const __m256i *m) { allSteps8(w, m, std::make_index_sequence<64>()); });
}

} // namespace

#pragma GCC pop_options

// AVX-512VL on the same 256-bit registers: one ternary-logic instruction for each round
// function and one rotate instead of two shifts and an or (about 40% fewer instructions).
#pragma GCC push_options
#pragma GCC target("avx2,avx512f,avx512vl")

namespace {

template <int I> inline __m256i mix8x(__m256i b, __m256i c, __m256i d)
{
    // Truth tables over (b, c, d): F = b ? c : d, G = d ? b : c, H = b ^ c ^ d, I = c ^ (b | ~d).
    constexpr int table = I < 16 ? 0xca : I < 32 ? 0xe4 : I < 48 ? 0x96 : 0x39;
    return _mm256_ternarylogic_epi32(b, c, d, table);
}

template <int I> inline void step8x(Lanes &w, const __m256i *m)
{
    constexpr int s = shiftOf(I);   // a named constant: unoptimised builds need an immediate
    __m256i t = _mm256_add_epi32(w.a, mix8x<I>(w.b, w.c, w.d));
    t = _mm256_add_epi32(t, _mm256_add_epi32(m[wordOf(I)], _mm256_set1_epi32(int(kSine[I]))));
    w = {w.d, _mm256_add_epi32(w.b, _mm256_rol_epi32(t, s)), w.b, w.c};
}

template <size_t... I> inline void allSteps8x(Lanes &w, const __m256i *m, std::index_sequence<I...>)
{
    (step8x<int(I)>(w, m), ...);
}

void blocks8Avx512(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks)
{
    runLanes(states, data, blocks, [](Lanes &w, const __m256i *m) { allSteps8x(w, m, std::make_index_sequence<64>()); });
}

} // namespace

#pragma GCC pop_options

Md5LaneCode md5LaneCode()
{
    static const Md5LaneCode best = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
                                        ? Md5LaneCode::Avx512
                                    : __builtin_cpu_supports("avx2") ? Md5LaneCode::Avx2
                                                                     : Md5LaneCode::None;
    return best;
}

bool md5LaneCodeRuns(Md5LaneCode code)
{
    return code != Md5LaneCode::None && code <= md5LaneCode();
}

void md5Blocks8(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks,
                Md5LaneCode code)
{
    switch (code) {
    case Md5LaneCode::Avx512: blocks8Avx512(states, data, blocks); break;
    case Md5LaneCode::Avx2: blocks8Avx2(states, data, blocks); break;
    case Md5LaneCode::None:
        for (size_t lane = 0; lane < kMd5Lanes; ++lane)
            md5Blocks(*states[lane], data[lane], blocks);
        break;
    }
}

#else

Md5LaneCode md5LaneCode()
{
    return Md5LaneCode::None;
}

bool md5LaneCodeRuns(Md5LaneCode)
{
    return false;
}

void md5Blocks8(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks, Md5LaneCode)
{
    for (size_t lane = 0; lane < kMd5Lanes; ++lane)
        md5Blocks(*states[lane], data[lane], blocks);
}

#endif

bool md5LanesAvailable()
{
    return md5LaneCode() != Md5LaneCode::None;
}

void md5Blocks8(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks)
{
    md5Blocks8(states, data, blocks, md5LaneCode());
}

} // namespace luacap::engine

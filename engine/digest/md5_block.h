// MD5 compression (RFC 1321): the portable one-stream function and an eight-stream AVX2 one.
// Body hashing (http.md5, email.md5) was a quarter of a packet thread's instructions with
// one stream at a time; MD5 is a serial chain per stream, so speed comes from running eight
// independent streams side by side (docs/parsers/body-hashing.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace luacap::engine {

// The chaining value A, B, C, D.
using Md5State = std::array<uint32_t, 4>;
inline constexpr Md5State kMd5Init = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
inline constexpr size_t kMd5Block = 64;
inline constexpr size_t kMd5Lanes = 8;

// Compresses `blocks` consecutive 64-byte blocks at data into state.
void md5Blocks(Md5State &state, const uint8_t *data, size_t blocks);

// The eight-lane codes, best last: md5Blocks8 uses the best this CPU runs (checked once).
enum class Md5LaneCode { None, Avx2, Avx512 };
Md5LaneCode md5LaneCode();
bool md5LaneCodeRuns(Md5LaneCode code);  // this CPU runs it (None never "runs")
// True when md5Blocks8 beats one stream at a time here (AVX2 or better).
bool md5LanesAvailable();

// Lane i compresses `blocks` consecutive blocks at data[i] into *states[i]. The eight
// states must be distinct objects; data pointers may repeat. Only when md5LanesAvailable().
void md5Blocks8(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks);
// The same with a given code (tests compare every code the CPU runs; None: one at a time).
void md5Blocks8(Md5State *const states[kMd5Lanes], const uint8_t *const data[kMd5Lanes], size_t blocks,
                Md5LaneCode code);

} // namespace luacap::engine

// Helpers shared by the payload builders: pseudo-random text and byte filling, and
// name pools. Deterministic through Prng.
#pragma once

#include <cstdint>
#include <string>

#include "prng.h"

namespace luacap::pcapgen {

// Appends `n` bytes of lowercase words and spaces (readable in tshark, cheap to make).
void appendText(std::string &out, size_t n, Prng &rng);
// Appends `n` bytes of uniformly random bytes (ciphertext stand-in).
void appendRandom(std::string &out, size_t n, Prng &rng);
// A host name like "www.abcde17.example.com", from a pool so names repeat across flows.
std::string hostName(Prng &rng, const char *prefix);
// A random lowercase word of length [lo, hi].
std::string word(Prng &rng, uint32_t lo, uint32_t hi);
// Body size in [0, 65536] skewed towards small (most web objects are small).
uint32_t bodySize(Prng &rng);
void appendDecimal(std::string &out, uint64_t v);
void appendHex(std::string &out, uint64_t v);

} // namespace luacap::pcapgen

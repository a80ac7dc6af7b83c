// Text and byte filling for payload builders (main thread).
#include "text_fill.h"

namespace luacap::pcapgen {

namespace {
// 64 symbols: letters weighted towards vowels, plus spaces, so the text looks like words.
constexpr char kAlphabet[65] = "abcdefghijklmnopqrstuvwxyzaeiouaeiouetnsrlh      etaoinshrdlu   ";
static_assert(sizeof(kAlphabet) == 65);
} // namespace

void appendText(std::string &out, size_t n, Prng &rng) {
    const size_t start = out.size();
    out.resize(start + n);
    char *p = out.data() + start;
    size_t i = 0;
    while (i < n) {
        uint64_t r = rng.next();
        for (int k = 0; k < 10 && i < n; ++k, ++i, r >>= 6) p[i] = kAlphabet[r & 63];
    }
    // A line break every 72 characters keeps text-line dissectors happy.
    for (size_t j = 71; j < n; j += 72) p[j] = '\n';
}

// Bytes are taken low byte first, so the output is the same on any byte order.
void appendRandom(std::string &out, size_t n, Prng &rng) {
    const size_t start = out.size();
    out.resize(start + n);
    char *p = out.data() + start;
    for (size_t i = 0; i < n;) {
        uint64_t r = rng.next();
        for (int k = 0; k < 8 && i < n; ++k, ++i, r >>= 8) p[i] = char(r & 0xff);
    }
}

std::string word(Prng &rng, uint32_t lo, uint32_t hi) {
    const uint32_t len = rng.range(lo, hi);
    std::string w;
    w.reserve(len);
    for (uint32_t i = 0; i < len; ++i) w.push_back(char('a' + rng.below(26)));
    return w;
}

std::string hostName(Prng &rng, const char *prefix) {
    static const char *tlds[] = {"com", "net", "org", "example", "test"};
    // A pool of 4096 names per prefix: derive the name from a small id so it repeats.
    const uint32_t id = rng.below(4096);
    Prng nameRng(0x5eed0000ULL + id);
    std::string h = prefix;
    h += '.';
    h += word(nameRng, 4, 10);
    appendDecimal(h, id % 100);
    h += '.';
    h += tlds[id % 5];
    return h;
}

uint32_t bodySize(Prng &rng) {
    const uint32_t bucket = rng.below(100);
    if (bucket < 50) return rng.below(1025);
    if (bucket < 88) return rng.range(1024, 16384);
    return rng.range(16384, 65536);
}

void appendDecimal(std::string &out, uint64_t v) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = char('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) out.push_back(buf[--n]);
}

void appendHex(std::string &out, uint64_t v) {
    static const char digits[] = "0123456789abcdef";
    char buf[20];
    int n = 0;
    do {
        buf[n++] = digits[v & 15];
        v >>= 4;
    } while (v);
    while (n) out.push_back(buf[--n]);
}

} // namespace luacap::pcapgen

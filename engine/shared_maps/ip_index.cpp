// IpIndex implementation (built by the writer, read by any thread).
#include "shared_maps/ip_index.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace luacap::engine {

namespace {
constexpr size_t kMaxAddressText = 64;

uint64_t loadBig(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | p[i];
    return v;
}

uint64_t highBits(int bits)
{
    return bits <= 0 ? 0 : bits >= 64 ? ~0ull : ~0ull << (64 - bits);
}


// Dotted-quad IPv4 by hand (the common case on the packet path); false for anything else.
bool parseIpv4(std::string_view text, uint8_t *out)
{
    int part = 0, digits = 0, value = 0;
    for (const char c : text) {
        if (c == '.') {
            if (digits == 0 || part == 3)
                return false;
            out[part++] = uint8_t(value);
            digits = value = 0;
        } else if (c >= '0' && c <= '9' && digits < 3) {
            value = value * 10 + (c - '0');
            if (value > 255)
                return false;
            ++digits;
        } else {
            return false;
        }
    }
    if (digits == 0 || part != 3)
        return false;
    out[3] = uint8_t(value);
    return true;
}
} // namespace

// inet_pton needs a terminated string: copied to the stack, never the heap.
std::optional<IpIndex::Address> IpIndex::parseAddress(std::string_view text)
{
    if (text.empty() || text.size() >= kMaxAddressText)
        return std::nullopt;
    Address fast;
    if (parseIpv4(text, fast.bytes.data()))
        return fast;
    char buf[kMaxAddressText];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    Address a;
    if (inet_pton(AF_INET, buf, a.bytes.data()) == 1)
        return a;
    a.v6 = true;
    if (inet_pton(AF_INET6, buf, a.bytes.data()) == 1)
        return a;
    return std::nullopt;
}

IpIndex::Key IpIndex::masked(const Address &a, int bits)
{
    Key k{loadBig(a.bytes.data()), loadBig(a.bytes.data() + 8)};
    k.hi &= highBits(bits);
    k.lo &= highBits(bits - 64);
    return k;
}

bool IpIndex::insert(const std::string &key, const std::string &value)
{
    const size_t slash = key.find('/');
    const auto address = parseAddress(std::string_view(key).substr(0, slash));
    if (!address)
        return false;
    const int maxBits = address->v6 ? 128 : 32;
    int bits = maxBits;
    if (slash != std::string::npos) {
        const char *first = key.data() + slash + 1, *last = key.data() + key.size();
        const auto [end, ec] = std::from_chars(first, last, bits);
        if (ec != std::errc() || end != last || first == last || bits < 0 || bits > maxBits)
            return false;
    }
    std::vector<Level> &levels = address->v6 ? v6_ : v4_;
    auto level = std::find_if(levels.begin(), levels.end(), [bits](const Level &l) { return l.bits == bits; });
    if (level == levels.end())
        level = levels.insert(levels.end(), Level{bits, {}});
    // "10.1.2.3/8" and "10.0.0.0/8" are the same block: the first one inserted stays.
    return level->table.emplace(masked(*address, bits), value).second;
}

IpIndex::IpIndex(const MapEntries &entries)
{
    for (const auto &[key, value] : entries) {
        if (insert(key, value))
            ++size_;
        else
            ++rejected_;
    }
    for (std::vector<Level> *levels : {&v4_, &v6_})
        std::sort(levels->begin(), levels->end(), [](const Level &a, const Level &b) { return a.bits > b.bits; });
}

const std::string *IpIndex::probe(const std::vector<Level> &levels, const Address &a) const
{
    for (const Level &level : levels) {
        const auto it = level.table.find(masked(a, level.bits));
        if (it != level.table.end())
            return &it->second;
    }
    return nullptr;
}

const std::string *IpIndex::lookup(std::string_view input) const
{
    const auto address = parseAddress(input);
    if (!address)
        return nullptr;
    return probe(address->v6 ? v6_ : v4_, *address);
}

} // namespace luacap::engine

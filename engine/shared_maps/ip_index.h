// IpIndex: "ip" matching. Keys are addresses or CIDR blocks ("10.0.0.0/8", "2001:db8::/32",
// a bare address is a /32 or /128); the input is an address; the longest matching prefix
// wins. One hash table per prefix length present, probed longest first. Keys that do not
// parse are left out (rejected() counts them). Immutable once built; any thread reads.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "shared_maps/map_index.h"

namespace luacap::engine {

class IpIndex final : public MapIndex {
public:
    explicit IpIndex(const MapEntries &entries);
    const std::string *lookup(std::string_view input) const override;
    size_t size() const override { return size_; }
    size_t rejected() const { return rejected_; }

    // An IPv4 or IPv6 address as 16 bytes (IPv4 in the first 4) and whether it is IPv6.
    struct Address {
        std::array<uint8_t, 16> bytes{};
        bool v6 = false;
    };
    static std::optional<Address> parseAddress(std::string_view text);

private:
    struct Key {
        uint64_t hi = 0, lo = 0;
        bool operator==(const Key &) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key &k) const { return size_t(k.hi * 0x9e3779b97f4a7c15ull ^ k.lo); }
    };
    struct Level {
        int bits = 0;
        std::unordered_map<Key, std::string, KeyHash> table;
    };

    bool insert(const std::string &key, const std::string &value);
    static Key masked(const Address &a, int bits);
    const std::string *probe(const std::vector<Level> &levels, const Address &a) const;

    std::vector<Level> v4_, v6_;   // longest prefix first
    size_t size_ = 0;
    size_t rejected_ = 0;
};

} // namespace luacap::engine

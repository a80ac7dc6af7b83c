// MapIndex: one immutable, published version of a shared map, indexed for one MatchKind.
// Built by the writer (any thread, under the store's lock), then only read, from any thread,
// until the store frees it after every packet thread passed a quiescent state.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "shared_maps/match_kind.h"

namespace luacap::engine {

// The writer's side of a map: key -> value (ACL entries have an empty value).
using MapEntries = std::unordered_map<std::string, std::string>;

// Hash and equality that accept std::string_view, so lookups never build a std::string.
struct StringViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringTable = std::unordered_map<std::string, std::string, StringViewHash, std::equal_to<>>;

class MapIndex {
public:
    virtual ~MapIndex() = default;
    // The value of the most specific matching key (see each kind), or nullptr. The pointer
    // stays valid as long as this version does.
    virtual const std::string *lookup(std::string_view input) const = 0;
    // Keys this version holds (keys an ip map could not parse are not counted).
    virtual size_t size() const = 0;
};

std::unique_ptr<const MapIndex> buildMapIndex(MatchKind kind, const MapEntries &entries);

} // namespace luacap::engine

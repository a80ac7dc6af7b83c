// AffixIndex: "beg" (key is a prefix of the input), "end" (a suffix) and "dom" (the input is
// the key or a subdomain of it: "a.example.com" matches "example.com", "badexample.com" does
// not). The longest matching key wins. One hash probe per distinct key length, longest first.
// Immutable once built; any thread reads.
#pragma once

#include <vector>

#include "shared_maps/map_index.h"

namespace luacap::engine {

class AffixIndex final : public MapIndex {
public:
    AffixIndex(MatchKind kind, const MapEntries &entries);
    const std::string *lookup(std::string_view input) const override;
    size_t size() const override { return table_.size(); }

private:
    MatchKind kind_;
    StringTable table_;
    std::vector<size_t> lengths_;   // distinct key lengths, longest first
};

} // namespace luacap::engine

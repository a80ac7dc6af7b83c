// SubstringIndex: "sub" matching, the key occurring leftmost in the input wins, then the
// longest at that position. Candidate positions are filtered by the keys' first two bytes
// before any hash probe. Immutable once built; any thread reads.
#pragma once

#include <bitset>
#include <vector>

#include "shared_maps/map_index.h"

namespace luacap::engine {

class SubstringIndex final : public MapIndex {
public:
    explicit SubstringIndex(const MapEntries &entries);
    const std::string *lookup(std::string_view input) const override;
    size_t size() const override { return table_.size(); }

private:
    bool mayStartAt(std::string_view input, size_t pos) const;

    StringTable table_;
    std::vector<size_t> lengths_;        // distinct key lengths, longest first
    std::bitset<256> firstBytes_;        // first byte of every key
    std::bitset<65536> firstPairs_;      // first two bytes of every key of 2+ bytes
    bool hasEmpty_ = false;              // an empty key matches every input
};

} // namespace luacap::engine

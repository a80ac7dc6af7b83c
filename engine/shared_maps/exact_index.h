// ExactIndex: "str" matching, one hash probe per lookup. Immutable once built; any thread reads.
#pragma once

#include "shared_maps/map_index.h"

namespace luacap::engine {

class ExactIndex final : public MapIndex {
public:
    explicit ExactIndex(const MapEntries &entries) : table_(entries.begin(), entries.end()) {}
    const std::string *lookup(std::string_view input) const override
    {
        const auto it = table_.find(input);
        return it == table_.end() ? nullptr : &it->second;
    }
    size_t size() const override { return table_.size(); }

private:
    StringTable table_;
};

} // namespace luacap::engine

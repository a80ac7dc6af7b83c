// AffixIndex implementation (built by the writer, read by any thread).
#include "shared_maps/affix_index.h"

#include <algorithm>
#include <functional>

namespace luacap::engine {

AffixIndex::AffixIndex(MatchKind kind, const MapEntries &entries) : kind_(kind), table_(entries.begin(), entries.end())
{
    for (const auto &[key, value] : table_)
        lengths_.push_back(key.size());
    std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
    lengths_.erase(std::unique(lengths_.begin(), lengths_.end()), lengths_.end());
}

const std::string *AffixIndex::lookup(std::string_view input) const
{
    for (const size_t len : lengths_) {
        if (len > input.size())
            continue;
        const size_t start = kind_ == MatchKind::Prefix ? 0 : input.size() - len;
        // A domain key matches only at a label boundary.
        if (kind_ == MatchKind::Domain && start > 0 && input[start - 1] != '.')
            continue;
        const auto it = table_.find(input.substr(start, len));
        if (it != table_.end())
            return &it->second;
    }
    return nullptr;
}

} // namespace luacap::engine

// SubstringIndex implementation (built by the writer, read by any thread).
#include "shared_maps/substring_index.h"

#include <algorithm>
#include <functional>

namespace luacap::engine {

namespace {
size_t pairOf(unsigned char a, unsigned char b)
{
    return size_t(a) << 8 | b;
}
} // namespace

SubstringIndex::SubstringIndex(const MapEntries &entries) : table_(entries.begin(), entries.end())
{
    for (const auto &[key, value] : table_) {
        if (key.empty()) {
            hasEmpty_ = true;
            continue;
        }
        lengths_.push_back(key.size());
        firstBytes_.set(static_cast<unsigned char>(key[0]));
        if (key.size() > 1)
            firstPairs_.set(pairOf(static_cast<unsigned char>(key[0]), static_cast<unsigned char>(key[1])));
    }
    std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
    lengths_.erase(std::unique(lengths_.begin(), lengths_.end()), lengths_.end());
}

// One-byte keys pass on their first byte alone; longer ones need their first pair.
bool SubstringIndex::mayStartAt(std::string_view input, size_t pos) const
{
    const auto a = static_cast<unsigned char>(input[pos]);
    if (!firstBytes_.test(a))
        return false;
    if (pos + 1 < input.size() && firstPairs_.test(pairOf(a, static_cast<unsigned char>(input[pos + 1]))))
        return true;
    return table_.find(input.substr(pos, 1)) != table_.end();
}

const std::string *SubstringIndex::lookup(std::string_view input) const
{
    for (size_t pos = 0; pos < input.size(); ++pos) {
        if (!mayStartAt(input, pos))
            continue;
        for (const size_t len : lengths_) {
            if (len > input.size() - pos)
                continue;
            const auto it = table_.find(input.substr(pos, len));
            if (it != table_.end())
                return &it->second;
        }
    }
    return hasEmpty_ ? &table_.find(std::string_view())->second : nullptr;
}

} // namespace luacap::engine

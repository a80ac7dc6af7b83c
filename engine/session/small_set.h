// SmallSet: distinct values in first-seen order, the first N stored inline in the session.
// TTLs, MACs and VLANs of a session are almost always one or two values: keeping them inline
// saves a heap allocation per session and a cache miss per packet (packet thread).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace luacap::engine {

template <typename T, size_t N>
class SmallSet {
public:
    SmallSet() = default;
    SmallSet(std::initializer_list<T> values)
    {
        for (const T &v : values)
            insert(v);
    }

    // Adds value unless present or the set already holds maxSize values; true when added.
    bool insert(const T &value, size_t maxSize = SIZE_MAX)
    {
        if (contains(value) || size() >= maxSize)
            return false;
        if (spill_.empty() && count_ < N) {
            inline_[count_++] = value;
            return true;
        }
        if (spill_.empty())
            spill_.assign(inline_.begin(), inline_.begin() + count_);
        spill_.push_back(value);
        return true;
    }
    bool contains(const T &value) const { return std::find(begin(), end(), value) != end(); }

    const T *begin() const { return spill_.empty() ? inline_.data() : spill_.data(); }
    const T *end() const { return begin() + size(); }
    size_t size() const { return spill_.empty() ? count_ : spill_.size(); }
    bool empty() const { return size() == 0; }
    const T &operator[](size_t i) const { return begin()[i]; }
    const T &front() const { return *begin(); }
    void clear()
    {
        count_ = 0;
        spill_.clear();
        spill_.shrink_to_fit();
    }
    operator std::vector<T>() const { return std::vector<T>(begin(), end()); }

private:
    std::array<T, N> inline_{};
    uint32_t count_ = 0;
    std::vector<T> spill_;   // all values once more than N were seen
};

} // namespace luacap::engine

// SmallSet: distinct values in first-seen order, the first N stored inline in the session.
// TTLs, MACs and VLANs of a session are almost always one or two values: keeping them inline
// saves a heap allocation per session and a cache miss per packet (packet thread). The rare
// spill goes behind a pointer, so an unused one costs 8 bytes, not an empty vector's 24.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
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
    SmallSet(const SmallSet &other)
        : inline_(other.inline_), count_(other.count_),
          spill_(other.spill_ ? std::make_unique<std::vector<T>>(*other.spill_) : nullptr)
    {
    }
    SmallSet(SmallSet &&other) noexcept = default;
    SmallSet &operator=(const SmallSet &other)
    {
        if (this != &other)
            *this = SmallSet(other);
        return *this;
    }
    SmallSet &operator=(SmallSet &&other) noexcept = default;

    // Adds value unless present or the set already holds maxSize values; true when added.
    bool insert(const T &value, size_t maxSize = SIZE_MAX)
    {
        if (contains(value) || size() >= maxSize)
            return false;
        if (!spill_ && count_ < N) {
            inline_[count_++] = value;
            return true;
        }
        if (!spill_)
            spill_ = std::make_unique<std::vector<T>>(inline_.begin(), inline_.begin() + count_);
        spill_->push_back(value);
        return true;
    }
    bool contains(const T &value) const { return std::find(begin(), end(), value) != end(); }

    const T *begin() const { return spill_ ? spill_->data() : inline_.data(); }
    const T *end() const { return begin() + size(); }
    size_t size() const { return spill_ ? spill_->size() : count_; }
    bool empty() const { return size() == 0; }
    const T &operator[](size_t i) const { return begin()[i]; }
    const T &front() const { return *begin(); }
    void clear()
    {
        count_ = 0;
        spill_.reset();
    }
    operator std::vector<T>() const { return std::vector<T>(begin(), end()); }

private:
    std::array<T, N> inline_{};
    uint32_t count_ = 0;
    std::unique_ptr<std::vector<T>> spill_;   // all values once more than N were seen
};

} // namespace luacap::engine

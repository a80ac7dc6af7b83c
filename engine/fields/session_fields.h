// SessionFields: the values parsers and Lua added to one session, by field id.
// Owned by the session (packet thread). Values of a field are a set: adding a value twice
// keeps one, and insertion order is kept for output.
// A session holds a few dozen short values while it lingers, so they live in one heap block
// (a sorted table of 16-byte field slots, then the values as records chained per field)
// rather than in vectors of std::string: about 600 bytes for an HTTP session, not 2.5 KB.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <vector>

#include "fields/field_def.h"

namespace luacap::engine {

// One record of the value area: the offset of the next record of the same field (the last
// record links back to the first, so a field needs to know only its last), then the value:
// 8 bytes for numbers, a LEB128 length and the bytes for strings. Unaligned: read by memcpy.
namespace field_record {
inline uint32_t next(const uint8_t *record)
{
    uint32_t n;
    std::memcpy(&n, record, sizeof(n));
    return n;
}
template <typename T> T value(const uint8_t *record);
template <> inline int64_t value<int64_t>(const uint8_t *record)
{
    int64_t v;
    std::memcpy(&v, record + 4, sizeof(v));
    return v;
}
template <> inline double value<double>(const uint8_t *record)
{
    double v;
    std::memcpy(&v, record + 4, sizeof(v));
    return v;
}
template <> inline std::string_view value<std::string_view>(const uint8_t *record)
{
    const uint8_t *p = record + 4;
    uint32_t len = 0;
    int shift = 0;
    while (*p & 0x80) {
        len |= uint32_t(*p++ & 0x7f) << shift;
        shift += 7;
    }
    len |= uint32_t(*p++) << shift;
    return {reinterpret_cast<const char *>(p), len};
}
} // namespace field_record

// What every view of a field's values holds: where its records are and how many. It is a
// slot of its SessionFields' table, which lies in the same block as the value area.
class FieldValueListBase {
public:
    size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

protected:
    friend class SessionFields;
    const uint8_t *records() const { return reinterpret_cast<const uint8_t *>(this) + toRecords_; }
    uint32_t head() const { return field_record::next(records() + tail_); }

    uint32_t key_;         // field id << 2 | kind: the table's sort key
    uint32_t count_;
    uint32_t tail_;        // offset of the last record (its link leads to the first)
    uint32_t toRecords_;   // from this slot to the value area (kept when either moves)
};

// The values of one field, in insertion order: strings as string_views into the session,
// numbers by value. Valid until the next add or clear on the owning SessionFields. Used by
// reference only (a copy would lose its value area), so only SessionFields may copy one.
template <typename T> class FieldValueList : public FieldValueListBase {
protected:
    friend class SessionFields;
    FieldValueList() = default;
    FieldValueList(const FieldValueList &) = default;
    FieldValueList &operator=(const FieldValueList &) = default;

public:
    class const_iterator {
    public:
        using iterator_concept = std::forward_iterator_tag;
        using iterator_category = std::input_iterator_tag;   // yields values, not references
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using reference = T;
        using pointer = void;

        const_iterator() = default;
        T operator*() const { return field_record::value<T>(records_ + at_); }
        const_iterator &operator++()
        {
            at_ = field_record::next(records_ + at_);
            --left_;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const const_iterator &other) const { return left_ == other.left_; }

    private:
        friend class FieldValueList;
        const_iterator(const uint8_t *records, uint32_t at, uint32_t left) : records_(records), at_(at), left_(left) {}
        const uint8_t *records_ = nullptr;
        uint32_t at_ = 0;     // the current record
        uint32_t left_ = 0;   // records from it to the end (0: end)
    };
    using iterator = const_iterator;
    using value_type = T;

    const_iterator begin() const { return count_ ? const_iterator(records(), head(), count_) : end(); }
    const_iterator end() const { return {}; }
    T front() const { return *begin(); }
    T back() const { return field_record::value<T>(records() + tail_); }
    T operator[](size_t i) const { return *std::next(begin(), std::ptrdiff_t(i)); }   // O(i)

    template <typename V> std::vector<V> toVector() const { return std::vector<V>(begin(), end()); }
    template <typename V> bool operator==(const std::vector<V> &other) const
    {
        if (other.size() != count_)
            return false;
        auto it = other.begin();
        for (T v : *this)
            if (!(v == *it++))
                return false;
        return true;
    }
};

using StringValues = FieldValueList<std::string_view>;
using IntValues = FieldValueList<int64_t>;
using FloatValues = FieldValueList<double>;

class SessionFields {
public:
    SessionFields() = default;
    SessionFields(const SessionFields &other);
    SessionFields(SessionFields &&other) noexcept;
    SessionFields &operator=(SessionFields other) noexcept;
    ~SessionFields();

    // Each returns true when the value was new for that field. Ids must be below 2^30 and a
    // session holds at most 1 GB of values: beyond that values are dropped (false).
    bool addString(const FieldDef &def, std::string_view value);
    bool addInt(const FieldDef &def, int64_t value);
    bool addFloat(const FieldDef &def, double value);
    // Ip: 4 or 16 bytes, network order.
    bool addIp(const FieldDef &def, const uint8_t *addr, int len);

    bool has(int fieldId) const;
    size_t count(int fieldId) const;
    // Null when the field holds no value of that kind. The views are valid until the next
    // add or clear: each add may move the block.
    const StringValues *strings(int fieldId) const;   // String and Ip (as text) fields
    const IntValues *ints(int fieldId) const;
    const FloatValues *floats(int fieldId) const;

    // Field ids that hold at least one value, in ascending order.
    std::vector<int> fieldIds() const;
    void clear();
    // Gives the block's spare room back (a closing TCP session lingers for seconds with its
    // values but rarely adds more); a later add grows it again.
    void shrinkToFit();

    // Heap bytes held (tests and benchmarks).
    size_t capacityBytes() const { return block_ ? size_t(slotCap_) * sizeof(Slot) + recordCap_ : 0; }

private:
    enum Kind : uint32_t { KindString = 0, KindInt = 1, KindFloat = 2 };
    // One field's list; the active member is the one its kind names (they share the layout).
    union Slot {
        StringValues strings;
        IntValues ints;
        FloatValues floats;
    };
    static_assert(std::is_trivially_copyable_v<Slot>, "slots are moved as bytes (memmove, memcpy)");

    template <typename T> bool addUnique(int fieldId, T value, bool single);
    template <typename T> bool append(int fieldId, T value);
    template <typename T> static FieldValueList<T> &list(Slot &slot);
    // The active member's shared part (all three are at the same address: this compiles to none).
    static const FieldValueListBase &common(const Slot &slot) { return common(const_cast<Slot &>(slot)); }
    static FieldValueListBase &common(Slot &slot)
    {
        switch (keyOf(slot) & 3) {
        case KindString: return slot.strings;
        case KindInt: return slot.ints;
        default: return slot.floats;
        }
    }
    static uint32_t keyOf(const Slot &slot) { return slot.strings.key_; }   // shared by all kinds
    uint32_t lowerBound(uint32_t key) const;
    const Slot *find(uint32_t key) const;
    Slot &insertSlot(uint32_t index, uint32_t key);
    bool reserve(uint32_t moreSlots, uint64_t moreBytes);
    void rebuild(uint32_t slotCap, uint32_t recordCap);
    void rebase();
    void link(FieldValueListBase &values, uint32_t offset);
    void dropValues(FieldValueListBase &list);
    uint8_t *records() const { return block_ + size_t(slotCap_) * sizeof(Slot); }
    Slot *table() const { return reinterpret_cast<Slot *>(block_); }

    // block_: slotCap_ slots (sorted by key), then recordCap_ bytes of value records.
    uint8_t *block_ = nullptr;
    uint32_t slotCount_ = 0, slotCap_ = 0;
    uint32_t used_ = 0, recordCap_ = 0;
    uint32_t waste_ = 0;   // record bytes no list links any more (replaced single values)
};

} // namespace luacap::engine

// SessionFields: per-session field values, kept as small sets in insertion order, in one
// heap block per session. Packet thread of the owning session only.
#include "fields/session_fields.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <cstdlib>
#include <new>
#include <string>
#include <type_traits>
#include <utility>

namespace luacap::engine {

namespace {

constexpr uint32_t kMaxId = (1u << 30) - 1;        // ids share the sort key with 2 kind bits
constexpr uint64_t kMaxBytes = uint64_t(1) << 30;   // record offsets are 32-bit
constexpr uint32_t kFirstSlots = 4;                 // protocol, tags and a parser's first fields
static_assert(sizeof(StringValues) == 16 && sizeof(IntValues) == 16, "a field slot is 16 bytes");
static_assert(!std::is_copy_constructible_v<StringValues>, "views are used by reference only");

void foldCase(std::string &s, uint32_t flags)
{
    // ASCII only, as Arkime does: multi-byte UTF-8 sequences are left untouched.
    if (flags & FieldLowercase) {
        for (char &c : s)
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
    } else if (flags & FieldUppercase) {
        for (char &c : s)
            if (c >= 'a' && c <= 'z')
                c = char(c - 'a' + 'A');
    }
}

uint32_t varintSize(uint64_t v)
{
    uint32_t n = 1;
    for (; v >= 0x80; v >>= 7)
        ++n;
    return n;
}

uint64_t recordSize(std::string_view v) { return 4 + varintSize(v.size()) + v.size(); }
uint64_t recordSize(int64_t) { return 4 + sizeof(int64_t); }
uint64_t recordSize(double) { return 4 + sizeof(double); }

// Size of the record at r, whose field is of kind (the low two bits of its key).
uint32_t recordSizeAt(const uint8_t *r, uint32_t kind)
{
    return kind == 0 ? uint32_t(recordSize(field_record::value<std::string_view>(r))) : 12;
}

void writeValue(uint8_t *payload, std::string_view v)
{
    uint64_t len = v.size();
    for (; len >= 0x80; len >>= 7)
        *payload++ = uint8_t(len | 0x80);
    *payload++ = uint8_t(len);
    if (!v.empty())
        std::memcpy(payload, v.data(), v.size());
}
void writeValue(uint8_t *payload, int64_t v) { std::memcpy(payload, &v, sizeof(v)); }
void writeValue(uint8_t *payload, double v) { std::memcpy(payload, &v, sizeof(v)); }

template <typename T> constexpr uint32_t kindOf()
{
    if constexpr (std::is_same_v<T, std::string_view>)
        return 0;
    else if constexpr (std::is_same_v<T, int64_t>)
        return 1;
    else
        return 2;
}

// A malloc chunk holds 16n + 8 usable bytes: ask for that much and use all of it.
size_t mallocUsable(size_t bytes)
{
    return std::max<size_t>(24, ((bytes + 8 + 15) & ~size_t(15)) - 8);
}

} // namespace

SessionFields::SessionFields(const SessionFields &other)
    : slotCount_(other.slotCount_), slotCap_(other.slotCap_), used_(other.used_), recordCap_(other.recordCap_),
      waste_(other.waste_)
{
    if (!other.block_)
        return;
    block_ = static_cast<uint8_t *>(std::malloc(other.capacityBytes()));
    if (!block_)
        throw std::bad_alloc();
    std::memcpy(block_, other.block_, slotCount_ * sizeof(Slot));
    std::memcpy(records(), other.records(), used_);
    rebase();
}

SessionFields::SessionFields(SessionFields &&other) noexcept
    : block_(std::exchange(other.block_, nullptr)), slotCount_(std::exchange(other.slotCount_, 0)),
      slotCap_(std::exchange(other.slotCap_, 0)), used_(std::exchange(other.used_, 0)),
      recordCap_(std::exchange(other.recordCap_, 0)), waste_(std::exchange(other.waste_, 0))
{
}

SessionFields &SessionFields::operator=(SessionFields other) noexcept
{
    std::swap(block_, other.block_);
    std::swap(slotCount_, other.slotCount_);
    std::swap(slotCap_, other.slotCap_);
    std::swap(used_, other.used_);
    std::swap(recordCap_, other.recordCap_);
    std::swap(waste_, other.waste_);
    return *this;
}

SessionFields::~SessionFields()
{
    std::free(block_);
}

bool SessionFields::addString(const FieldDef &def, std::string_view value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type == FieldType::Integer || def.type == FieldType::Float)
        return false;
    std::string folded;
    if (def.flags & (FieldLowercase | FieldUppercase)) {
        folded.assign(value);
        foldCase(folded, def.flags);
        value = folded;
    }
    if (def.flags & FieldArray)
        return append(def.id, value);
    return addUnique(def.id, value, def.flags & FieldSingle);
}

bool SessionFields::addInt(const FieldDef &def, int64_t value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type != FieldType::Integer)
        return false;
    return addUnique(def.id, value, def.flags & FieldSingle);
}

bool SessionFields::addFloat(const FieldDef &def, double value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type != FieldType::Float || std::isnan(value))
        return false;
    return addUnique(def.id, value, def.flags & FieldSingle);
}

bool SessionFields::addIp(const FieldDef &def, const uint8_t *addr, int len)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type != FieldType::Ip || (len != 4 && len != 16))
        return false;
    // IPv4-mapped IPv6 addresses are written as IPv4, as Arkime does.
    static constexpr uint8_t v4Mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (len == 16 && std::memcmp(addr, v4Mapped, sizeof(v4Mapped)) == 0) {
        addr += 12;
        len = 4;
    }
    char text[INET6_ADDRSTRLEN];
    if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, addr, text, sizeof(text)))
        return false;
    return addUnique(def.id, std::string_view(text), def.flags & FieldSingle);
}

bool SessionFields::has(int fieldId) const
{
    return count(fieldId) > 0;
}

size_t SessionFields::count(int fieldId) const
{
    if (fieldId < 0 || uint32_t(fieldId) > kMaxId)
        return 0;
    size_t n = 0;
    for (uint32_t i = lowerBound(uint32_t(fieldId) << 2); i < slotCount_ && keyOf(table()[i]) >> 2 == uint32_t(fieldId); ++i)
        n += common(table()[i]).count_;
    return n;
}

const StringValues *SessionFields::strings(int fieldId) const
{
    const Slot *s = fieldId >= 0 && uint32_t(fieldId) <= kMaxId ? find(uint32_t(fieldId) << 2 | KindString) : nullptr;
    return s && s->strings.count_ ? &s->strings : nullptr;
}

const IntValues *SessionFields::ints(int fieldId) const
{
    const Slot *s = fieldId >= 0 && uint32_t(fieldId) <= kMaxId ? find(uint32_t(fieldId) << 2 | KindInt) : nullptr;
    return s && s->ints.count_ ? &s->ints : nullptr;
}

const FloatValues *SessionFields::floats(int fieldId) const
{
    const Slot *s = fieldId >= 0 && uint32_t(fieldId) <= kMaxId ? find(uint32_t(fieldId) << 2 | KindFloat) : nullptr;
    return s && s->floats.count_ ? &s->floats : nullptr;
}

std::vector<int> SessionFields::fieldIds() const
{
    std::vector<int> ids;
    ids.reserve(slotCount_);
    for (uint32_t i = 0; i < slotCount_; ++i) {
        const int id = int(keyOf(table()[i]) >> 2);
        if (common(table()[i]).count_ && (ids.empty() || ids.back() != id))
            ids.push_back(id);
    }
    return ids;
}

void SessionFields::clear()
{
    slotCount_ = 0;
    used_ = 0;
    waste_ = 0;
}

void SessionFields::shrinkToFit()
{
    if (!block_)
        return;
    const size_t slotBytes = size_t(slotCount_) * sizeof(Slot);
    const size_t bytes = mallocUsable(slotBytes + used_ - waste_);
    if (bytes < capacityBytes())
        rebuild(slotCount_, uint32_t(bytes - slotBytes));
}

// A set keeps one copy of each value; a single-valued field keeps the last value added
// (numbers are overwritten in place, a replaced string becomes waste until the next rebuild).
template <typename T> bool SessionFields::addUnique(int fieldId, T value, bool single)
{
    if (uint32_t(fieldId) > kMaxId)
        return false;
    if (const Slot *found = find(uint32_t(fieldId) << 2 | kindOf<T>())) {
        FieldValueList<T> &values = list<T>(const_cast<Slot &>(*found));
        if (single) {
            if (values.count_ == 1 && values.front() == value)
                return false;
            if constexpr (!std::is_same_v<T, std::string_view>) {
                if (values.count_ == 1) {
                    writeValue(records() + values.tail_ + 4, value);
                    return true;
                }
            }
            dropValues(values);
        } else if (std::find(values.begin(), values.end(), value) != values.end()) {
            return false;
        }
    }
    return append(fieldId, value);
}

template <typename T> bool SessionFields::append(int fieldId, T value)
{
    if (uint32_t(fieldId) > kMaxId)
        return false;
    const uint32_t key = uint32_t(fieldId) << 2 | kindOf<T>();
    const uint32_t at = lowerBound(key);
    const bool found = at < slotCount_ && keyOf(table()[at]) == key;
    const uint64_t size = recordSize(value);
    if (!reserve(found ? 0 : 1, size))
        return false;
    FieldValueList<T> &values = list<T>(found ? table()[at] : insertSlot(at, key));
    writeValue(records() + used_ + 4, value);
    link(values, used_);
    used_ += uint32_t(size);
    return true;
}

// Makes the record at offset the field's last: the old last links to it, it to the first.
void SessionFields::link(FieldValueListBase &values, uint32_t offset)
{
    uint8_t *r = records();
    const uint32_t first = values.count_ ? field_record::next(r + values.tail_) : offset;
    std::memcpy(r + offset, &first, sizeof(first));
    if (values.count_)
        std::memcpy(r + values.tail_, &offset, sizeof(offset));
    values.tail_ = offset;
    ++values.count_;
}

template <typename T> FieldValueList<T> &SessionFields::list(Slot &slot)
{
    if constexpr (std::is_same_v<T, std::string_view>)
        return slot.strings;
    else if constexpr (std::is_same_v<T, int64_t>)
        return slot.ints;
    else
        return slot.floats;
}

uint32_t SessionFields::lowerBound(uint32_t key) const
{
    const Slot *s = table();
    return uint32_t(std::lower_bound(s, s + slotCount_, key, [](const Slot &a, uint32_t k) { return keyOf(a) < k; }) - s);
}

const SessionFields::Slot *SessionFields::find(uint32_t key) const
{
    const uint32_t at = lowerBound(key);
    return at < slotCount_ && keyOf(table()[at]) == key ? &table()[at] : nullptr;
}

SessionFields::Slot &SessionFields::insertSlot(uint32_t index, uint32_t key)
{
    Slot *s = table();
    std::memmove(static_cast<void *>(s + index + 1), s + index, (slotCount_ - index) * sizeof(Slot));
    ++slotCount_;
    Slot &slot = s[index];
    FieldValueListBase *values;
    switch (key & 3) {
    case KindString: values = ::new (&slot.strings) StringValues(); break;
    case KindInt: values = ::new (&slot.ints) IntValues(); break;
    default: values = ::new (&slot.floats) FloatValues(); break;
    }
    values->key_ = key;
    for (uint32_t i = index; i < slotCount_; ++i)   // this slot and the ones moved up
        common(s[i]).toRecords_ = uint32_t(records() - reinterpret_cast<uint8_t *>(&s[i]));
    return slot;
}

// Makes room for moreSlots fields and moreBytes of records. The first block is exactly as
// large as the first value needs; then the table doubles and the records grow by half.
bool SessionFields::reserve(uint32_t moreSlots, uint64_t moreBytes)
{
    const bool slotsFit = slotCount_ + moreSlots <= slotCap_;
    if (slotsFit && used_ + moreBytes <= recordCap_)
        return true;
    const uint64_t live = used_ - waste_;
    if (live + moreBytes > kMaxBytes)
        return false;
    const uint32_t slotCap = slotsFit ? slotCap_ : std::max(slotCount_ + moreSlots, slotCap_ ? 2 * slotCap_ : kFirstSlots);
    uint64_t recordCap = live + moreBytes <= recordCap_ ? recordCap_ : std::max<uint64_t>(live + moreBytes, recordCap_ + recordCap_ / 2);
    recordCap = mallocUsable(slotCap * sizeof(Slot) + recordCap) - slotCap * sizeof(Slot);
    rebuild(slotCap, uint32_t(recordCap));
    return true;
}

// Moves the table and the records into a new block, dropping waste (each field's records
// then sit together, in order).
void SessionFields::rebuild(uint32_t slotCap, uint32_t recordCap)
{
    uint8_t *block = static_cast<uint8_t *>(std::malloc(size_t(slotCap) * sizeof(Slot) + recordCap));
    if (!block)
        throw std::bad_alloc();
    uint8_t *newRecords = block + size_t(slotCap) * sizeof(Slot);
    if (!block_) {
        block_ = block;
        slotCap_ = slotCap;
        recordCap_ = recordCap;
        return;
    }
    const uint8_t *oldRecords = records();
    std::memcpy(block, block_, slotCount_ * sizeof(Slot));
    if (waste_ == 0) {
        std::memcpy(newRecords, oldRecords, used_);
    } else {
        uint32_t out = 0;
        for (uint32_t i = 0; i < slotCount_; ++i) {
            FieldValueListBase &values = common(reinterpret_cast<Slot *>(block)[i]);
            const uint32_t first = out;
            uint32_t at = values.count_ ? field_record::next(oldRecords + values.tail_) : 0;
            for (uint32_t n = 0; n < values.count_; ++n) {
                const uint32_t size = recordSizeAt(oldRecords + at, values.key_ & 3);
                const uint32_t next = n + 1 < values.count_ ? out + size : first;
                std::memcpy(newRecords + out, &next, sizeof(next));
                std::memcpy(newRecords + out + 4, oldRecords + at + 4, size - 4);
                values.tail_ = out;
                at = field_record::next(oldRecords + at);
                out += size;
            }
        }
        used_ = out;
        waste_ = 0;
    }
    std::free(block_);
    block_ = block;
    slotCap_ = slotCap;
    recordCap_ = recordCap;
    rebase();
}

void SessionFields::rebase()
{
    for (uint32_t i = 0; i < slotCount_; ++i)
        common(table()[i]).toRecords_ = uint32_t(records() - reinterpret_cast<uint8_t *>(&table()[i]));
}

void SessionFields::dropValues(FieldValueListBase &values)
{
    for (uint32_t n = 0, at = values.tail_; n < values.count_; ++n) {
        at = field_record::next(records() + at);
        waste_ += recordSizeAt(records() + at, values.key_ & 3);
    }
    values.count_ = 0;
    values.tail_ = 0;
}

} // namespace luacap::engine

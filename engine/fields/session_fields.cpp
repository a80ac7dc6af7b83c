// SessionFields: per-session field values, kept as small sets in insertion order.
// Packet thread of the owning session only.
#include "fields/session_fields.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cmath>
#include <cstring>
#include <utility>

namespace luacap::engine {

namespace {

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

template <typename T> bool addUnique(std::vector<T> &values, T value, bool single)
{
    if (single) {
        if (values.size() == 1 && values[0] == value)
            return false;
        values.assign(1, std::move(value));
        return true;
    }
    if (std::find(values.begin(), values.end(), value) != values.end())
        return false;
    values.push_back(std::move(value));
    return true;
}

} // namespace

bool SessionFields::addString(const FieldDef &def, std::string_view value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type == FieldType::Integer || def.type == FieldType::Float)
        return false;
    std::string s(value);
    foldCase(s, def.flags);
    if (def.flags & FieldArray) {
        findOrAdd(def.id).strings.push_back(std::move(s));
        return true;
    }
    return addUnique(findOrAdd(def.id).strings, std::move(s), def.flags & FieldSingle);
}

bool SessionFields::addInt(const FieldDef &def, int64_t value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type != FieldType::Integer)
        return false;
    return addUnique(findOrAdd(def.id).ints, value, def.flags & FieldSingle);
}

bool SessionFields::addFloat(const FieldDef &def, double value)
{
    if ((def.flags & FieldFake) || def.id < 0 || def.type != FieldType::Float || std::isnan(value))
        return false;
    return addUnique(findOrAdd(def.id).floats, value, def.flags & FieldSingle);
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
    return addUnique(findOrAdd(def.id).strings, std::string(text), def.flags & FieldSingle);
}

bool SessionFields::has(int fieldId) const
{
    return count(fieldId) > 0;
}

size_t SessionFields::count(int fieldId) const
{
    const Values *v = find(fieldId);
    return v ? v->strings.size() + v->ints.size() + v->floats.size() : 0;
}

const std::vector<std::string> *SessionFields::strings(int fieldId) const
{
    const Values *v = find(fieldId);
    return v && !v->strings.empty() ? &v->strings : nullptr;
}

const std::vector<int64_t> *SessionFields::ints(int fieldId) const
{
    const Values *v = find(fieldId);
    return v && !v->ints.empty() ? &v->ints : nullptr;
}

const std::vector<double> *SessionFields::floats(int fieldId) const
{
    const Values *v = find(fieldId);
    return v && !v->floats.empty() ? &v->floats : nullptr;
}

std::vector<int> SessionFields::fieldIds() const
{
    std::vector<int> ids;
    ids.reserve(values_.size());
    for (const Values &v : values_)
        if (!v.strings.empty() || !v.ints.empty() || !v.floats.empty())
            ids.push_back(v.fieldId);
    return ids;
}

void SessionFields::clear()
{
    values_.clear();
}

SessionFields::Values *SessionFields::find(int fieldId)
{
    return const_cast<Values *>(std::as_const(*this).find(fieldId));
}

const SessionFields::Values *SessionFields::find(int fieldId) const
{
    const auto it = std::lower_bound(values_.begin(), values_.end(), fieldId,
                                     [](const Values &v, int id) { return v.fieldId < id; });
    return it != values_.end() && it->fieldId == fieldId ? &*it : nullptr;
}

SessionFields::Values &SessionFields::findOrAdd(int fieldId)
{
    const auto it = std::lower_bound(values_.begin(), values_.end(), fieldId,
                                     [](const Values &v, int id) { return v.fieldId < id; });
    if (it != values_.end() && it->fieldId == fieldId)
        return *it;
    Values fresh;
    fresh.fieldId = fieldId;
    return *values_.insert(it, std::move(fresh));
}

} // namespace luacap::engine

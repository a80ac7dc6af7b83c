// SessionFields: the values parsers and Lua added to one session, by field id.
// Owned by the session (packet thread). Values of a field are a set: adding a value twice
// keeps one, and insertion order is kept for output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_def.h"

namespace luacap::engine {

class SessionFields {
public:
    // Each returns true when the value was new for that field.
    bool addString(const FieldDef &def, std::string_view value);
    bool addInt(const FieldDef &def, int64_t value);
    bool addFloat(const FieldDef &def, double value);
    // Ip: 4 or 16 bytes, network order.
    bool addIp(const FieldDef &def, const uint8_t *addr, int len);

    bool has(int fieldId) const;
    size_t count(int fieldId) const;
    const std::vector<std::string> *strings(int fieldId) const;  // String and Ip (as text) fields
    const std::vector<int64_t> *ints(int fieldId) const;
    const std::vector<double> *floats(int fieldId) const;

    // Field ids that hold at least one value, in ascending order.
    std::vector<int> fieldIds() const;
    void clear();

private:
    struct Values {
        int fieldId = -1;
        std::vector<std::string> strings;
        std::vector<int64_t> ints;
        std::vector<double> floats;
    };
    Values *find(int fieldId);
    const Values *find(int fieldId) const;
    Values &findOrAdd(int fieldId);

    std::vector<Values> values_;  // few fields per session: a sorted small vector beats a map
};

} // namespace luacap::engine

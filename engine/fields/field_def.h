// FieldDef: one session field, as Arkime defines fields (expression, database name, type, kind).
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

// How values are stored (Arkime's field types).
enum class FieldType : uint8_t {
    Integer,      // integer values, kept as a set
    Float,        // floating point values, kept as a set
    String,       // string values, kept as a set (termfield, lotermfield, uptermfield, textfield)
    Ip,           // IPv4/IPv6 addresses, kept as a set, written as text
};

enum FieldFlag : uint32_t {
    FieldCnt = 1u << 0,        // also write "<name>Cnt" with the number of distinct values
    FieldLowercase = 1u << 1,  // lotermfield: values are lower-cased on add
    FieldUppercase = 1u << 2,  // uptermfield: values are upper-cased on add
    FieldSingle = 1u << 3,     // one value, written as a scalar, not an array
    FieldFake = 1u << 4,       // described only (counted elsewhere); nothing is stored
    FieldArray = 1u << 6,      // string values are a list: duplicates kept (Arkime STR_ARRAY)
    FieldJsonObject = 1u << 5, // String values are JSON object texts, written raw as an array
                               // of objects (Arkime's object fields: dns, cert)
};

struct FieldDef {
    int id = -1;
    std::string expression;   // query name, e.g. "http.uri"
    std::string dbField;      // record path, dotted for nesting, e.g. "http.uri"
    std::string kind;         // Arkime kind: integer, termfield, lotermfield, uptermfield, ip, float, ...
    std::string group;        // Arkime group (e.g. "http")
    std::string friendlyName;
    std::string help;
    FieldType type = FieldType::String;
    uint32_t flags = 0;
};

} // namespace luacap::engine

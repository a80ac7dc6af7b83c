// WsField: one ProtoField of a Lua dissector (Wireshark's header_field_info): its type,
// display base, value string, mask and the session field its values go to. Built while a
// script loads; read-only afterwards (the state's thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace luacap::luaapi::wslua {

// Wireshark's ftypes luacap supports (Lua sees these numbers as ftypes.*).
enum class FType : uint8_t {
    None, Protocol, Boolean, UInt8, UInt16, UInt24, UInt32, UInt64, Int8, Int16, Int24, Int32, Int64,
    Float, Double, AbsoluteTime, RelativeTime, String, Stringz, Bytes, UBytes, Ipv4, Ipv6, Ether, FrameNum,
    Count
};

// Display bases (numbers as in Wireshark's base.* table).
enum Base : int {
    BaseNone = 0, BaseDec = 1, BaseHex = 2, BaseOct = 3, BaseDecHex = 4, BaseHexDec = 5,
    SepDot = 8, SepDash = 9, SepColon = 10, SepSpace = 11,
    TimeLocal = 1000, TimeUtc = 1001, TimeDoyUtc = 1002,
};

struct WsField {
    std::string abbr;          // filter name, e.g. "demo.type": also the session field's name
    std::string name;          // label, e.g. "Type"
    std::string description;
    FType type = FType::None;
    int base = BaseNone;
    uint64_t mask = 0;
    int boolBits = 0;          // ProtoField.bool's display: bit width of the parent field
    std::map<int64_t, std::string> values;   // value string (empty: none)
    int fieldId = -1;          // the engine field (-1: this type adds no session value)
    int extractor = -1;        // the Field.new extractor reading it (-1: none)
};

bool isInteger(FType t);
bool isSigned(FType t);
int byteWidth(FType t);         // integers: their natural width in bytes; 0 otherwise
const char *ftypeName(FType t); // "FT_UINT8", ...
// The Arkime kind a value of this type is stored as; null when it stores nothing.
const char *kindOf(FType t);

} // namespace luacap::luaapi::wslua

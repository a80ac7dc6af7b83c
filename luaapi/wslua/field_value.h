// FieldValue: one value a dissector adds through a ProtoField, read from a TvbRange or
// given by the script, with its label text (tshark -V's wording) and its session-field form.
// The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string>

namespace luacap::engine {
struct FieldDef;
class SessionFields;
}

namespace luacap::luaapi::wslua {

struct TvbRange;
struct WsField;

struct FieldValue {
    enum class Kind : uint8_t { None, Int, Float, Text, Bytes, Address, Time } kind = Kind::None;
    int64_t i = 0;           // Int (unsigned 64-bit values keep their bits)
    uint64_t raw = 0;        // Int before the mask (for the bit pattern); 0 without a mask
    bool masked = false;
    double f = 0;            // Float, Time (seconds)
    std::string text;        // Text, Bytes (raw bytes)
    uint8_t addrKind = 0;    // Address: 4, 6 or 1 (Ethernet)
    uint8_t addr[16] = {};

    // Throws std::runtime_error with Wireshark-like text when the range does not fit the type.
    static FieldValue fromRange(const WsField &f, const TvbRange &r, bool little);
    static FieldValue fromLua(lua_State *L, int idx, const WsField &f);

    std::string label(const WsField &f) const;
    void addTo(engine::SessionFields &fields, const engine::FieldDef &def) const;

    // The value as tshark shows it after "Name: " (FieldInfo.display).
    std::string display(const WsField &f) const;

private:
    std::string integerText(const WsField &f) const;
};

} // namespace luacap::luaapi::wslua

// ProtoField binding: ProtoField.new and the typed constructors (uint8 ... none), ProtoExpert,
// and the ftypes/base/ENC_*/expert constants. A field made while a script loads also
// becomes a session field on the main thread's pass (its abbreviation is its name).
// The state's thread.
#pragma once

#include <lua.hpp>
#include <string>

namespace luacap::luaapi::wslua {

struct WsField;
struct WsExpert;

extern const char kProtoFieldMeta[];
extern const char kProtoExpertMeta[];
struct FieldUd {
    int index;
};

// The field at idx (a ProtoField userdata), or null.
WsField *toField(lua_State *L, int idx);
WsExpert *toExpert(lua_State *L, int idx);
// Record path of a field: first segment, then the rest flat with '_' for '.', so "demo.flags"
// and "demo.flags.syn" become demo.flags and demo.flags_syn and never collide when nested.
std::string dbPathOf(const std::string &abbr);
void registerProtoField(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

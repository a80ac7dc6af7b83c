// Field binding (Wireshark's field extractors): Field.new(name) while a script loads, for a
// Lua ProtoField, a packet field (frame.number, ip.src, tcp.port, ...) or a session field a
// built-in parser fills (http.host, ...); calling one in a dissector returns a FieldInfo per
// value in the packet. The state's thread.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct Dissection;
struct FieldValue;
struct TvbRange;
struct WsField;

// TreeItem:add of a field some extractor reads: keeps the value for it.
void recordFieldHit(Dissection &d, const WsField &f, const FieldValue &v, const TvbRange *range);
void registerField(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

// The metatable all light userdata of a state share (Lua has one per type, not per value):
// each metamethod looks at the handle's kind (host/light_handle.h) and forwards to what the
// metatable registered for that kind has under the same name, so each kind behaves as a
// class of its own. An __index that is a table is read directly (method lookup costs no extra
// call); the kind's __indexmiss function, if any, then gets the keys the table lacks.
// C function handlers run in the forwarding function's frame (so an error names the script's
// line, as when Lua calls a metamethod itself): they cannot use their own upvalues.
// The state's thread only.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

// Once per state, before any kind is set.
void installLightMetatable(lua_State *L);
// Light handles of kind behave as objects whose metatable is meta's (registered with
// newMetatable): its metamethods are read now, so define them first.
void setLightKind(lua_State *L, int kind, const char *meta);

} // namespace luacap::luaapi

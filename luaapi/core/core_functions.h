// Converters and fetches (HAProxy's, adapted): core.register_converters(name, fn) puts a pure
// string function at core.converters[name]; core.register_fetches(name, fn) puts a session
// function at core.fetches[name] and, when the config defines the field lua.<name>
// ([custom-fields]), computes that field from fn(session) at pre-save. Body context, so
// every state registers the same. The state's thread.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

// Adds register_converters, register_fetches, converters and fetches to the table on top.
void registerCoreFunctions(lua_State *L);

} // namespace luacap::luaapi

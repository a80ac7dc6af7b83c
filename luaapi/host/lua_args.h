// Argument helpers shared by the bindings (the thread of the state that calls them).
// Lua 5.2 has no integer subtype: integral floats are accepted, others rejected clearly.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string_view>

namespace luacap::luaapi {

// The integer at idx; raises "bad argument #idx to 'fn' (integer expected, got 1.5)".
int64_t checkInteger(lua_State *L, int idx);
std::string_view checkStringView(lua_State *L, int idx);

} // namespace luacap::luaapi

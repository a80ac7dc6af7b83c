// registerAll: installs every Lua library into a new state (explicit list, no self-registration).
#pragma once

#include <lua.hpp>
#include <string>
#include <vector>

namespace luacap::luaapi {

void registerAll(lua_State *L);
// "Class.function" / "Class:method" names of everything registered (the docs test checks them).
std::vector<std::string> registeredNames(lua_State *L);

} // namespace luacap::luaapi

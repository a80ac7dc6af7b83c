// The Map class (HAProxy's Map): Map.new(name, match) opens a shared map through one match
// method, loading it from the file called name when no such map exists yet; :lookup(str)
// reads the current version from any context and any thread. The userdata points at a
// SharedMap that lives as long as the process. The state's thread only.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

void registerLuaMap(lua_State *L);

} // namespace luacap::luaapi

// registerCore: installs the `core` table (HAProxy's core class adapted to luacap: logging,
// time, init and task registration, sleeping in tasks, shared maps and ACLs) and the Map
// class into a new state. Called by registerAll on the state's thread.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

void registerCore(lua_State *L);

} // namespace luacap::luaapi

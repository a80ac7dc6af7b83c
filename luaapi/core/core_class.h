// defineClass: the metatable of a `core` class (Map, Socket, Channel): its methods as
// __index and one metamethod (__gc or __tostring). The state's thread, at registration.
#pragma once

#include <lua.hpp>

#include "host/lua_thunk.h"

namespace luacap::luaapi {

inline void defineClass(lua_State *L, const char *meta, const luaL_Reg *methods, const char *metamethod,
                        lua_CFunction fn)
{
    newMetatable(L, meta);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, fn);
    lua_setfield(L, -2, metamethod);
    lua_pop(L, 1);
}

} // namespace luacap::luaapi

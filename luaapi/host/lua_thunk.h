// Thunks that wrap every C function given to Lua: C++ exceptions become Lua errors (an
// exception crossing lua_pcall would lose its message), and methods get their handle checked
// (type, then liveness) before the body runs, so no method can forget. State's thread only.
#pragma once

#include <exception>
#include <lua.hpp>
#include <string>

#include "host/lua_handle.h"

namespace luacap::luaapi {

template <int (*F)(lua_State *)> int guarded(lua_State *L)
{
    std::string message;
    try {
        return F(L);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());   // outside the catch: lua_error throws
}

// luaL_newmetatable, and the same table under the name's address (a light userdata key), so
// checkSelf finds it without hashing the name on every method call.
inline void newMetatable(lua_State *L, const char *meta)
{
    luaL_newmetatable(L, meta);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, meta);
}

// luaL_checkudata's check on the hot path; its error message when the check fails.
template <typename T, const char *Meta> T *checkSelf(lua_State *L)
{
    void *p = lua_touserdata(L, 1);
    if (p && lua_getmetatable(L, 1)) {
        lua_rawgetp(L, LUA_REGISTRYINDEX, Meta);
        const bool same = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
        if (same)
            return static_cast<T *>(p);
    }
    return static_cast<T *>(luaL_checkudata(L, 1, Meta));
}

// T starts with a LuaHandle; Meta is its metatable name; Dead is the error text when dead.
template <typename T, const char *Meta, const char *Dead, int (*F)(lua_State *, T &)> int method(lua_State *L)
{
    auto *self = checkSelf<T, Meta>(L);
    if (!self->handle.live)
        return luaL_error(L, "%s", Dead);
    std::string message;
    try {
        return F(L, *self);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());
}

} // namespace luacap::luaapi

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

// T starts with a LuaHandle; Meta is its metatable name; Dead is the error text when dead.
template <typename T, const char *Meta, const char *Dead, int (*F)(lua_State *, T &)> int method(lua_State *L)
{
    auto *self = static_cast<T *>(luaL_checkudata(L, 1, Meta));
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

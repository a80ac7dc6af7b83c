// The one checking thunk of the wslua bindings: type check, then liveness (the object's
// epoch must be the packet being dissected, else Wireshark's "expired ..." text), then the
// body, with C++ exceptions turned into Lua errors. The state's thread only.
#pragma once

#include <exception>
#include <lua.hpp>
#include <string>

#include "host/lua_thunk.h"
#include "wslua/ws_light.h"
#include "wslua/wslua_context.h"

namespace luacap::luaapi::wslua {

// luaL_testudata / luaL_checkudata / luaL_setmetatable without hashing the metatable's name:
// the metatable is also kept under the name's address (newMetatable), one raw lookup.
inline void *testUdata(lua_State *L, int idx, const char *meta)
{
    void *p = lua_touserdata(L, idx);
    if (!p || !lua_getmetatable(L, idx))
        return nullptr;
    lua_rawgetp(L, LUA_REGISTRYINDEX, meta);
    const bool same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same ? p : nullptr;
}
inline void *checkUdata(lua_State *L, int idx, const char *meta)
{
    void *p = testUdata(L, idx, meta);
    return p ? p : luaL_checkudata(L, idx, meta);   // raises luaL_checkudata's own message
}
inline void setMeta(lua_State *L, const char *meta)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, meta);
    lua_setmetatable(L, -2);
}

// The object at idx, a full userdata of Meta or, for a T with a kLightKind, a light handle
// (wslua/ws_light.h) decoded into scratch by its fromLight; null when it is neither.
template <typename T, const char *Meta> T *testObject(lua_State *L, int idx, WsluaContext &ctx, T &scratch)
{
    if constexpr (requires { T::kLightKind; }) {
        WsLight h;
        if (toWsLight(L, idx, T::kLightKind, ctx.liveEpoch(), h)) {
            fromLight(ctx, h, scratch);
            return &scratch;
        }
    }
    return static_cast<T *>(testUdata(L, idx, Meta));
}
// The same, raising luaL_checkudata's type error when it is neither.
template <typename T, const char *Meta> T *checkObject(lua_State *L, int idx, WsluaContext &ctx, T &scratch)
{
    T *self = testObject<T, Meta>(L, idx, ctx, scratch);
    return self ? self : static_cast<T *>(luaL_checkudata(L, idx, Meta));
}

// T starts with `uint64_t epoch`; Meta is its metatable name; Dead the text when expired,
// raised as an argument error when it starts with '#' (Wireshark's "bad self (expired Tvb)").
template <typename T, const char *Meta, const char *Dead, int (*F)(lua_State *, WsluaContext &, T &)>
int liveMethod(lua_State *L)
{
    WsluaContext &ctx = WsluaContext::up(L);
    T scratch{};
    T *self = checkObject<T, Meta>(L, 1, ctx, scratch);
    if (self->epoch != ctx.liveEpoch())
        return Dead[0] == '#' ? luaL_argerror(L, 1, Dead + 1) : luaL_error(L, "%s", Dead);
    std::string message;
    try {
        return F(L, ctx, *self);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());
}

// Same for objects that never expire (ByteArray, UInt64, Address, Proto, ProtoField).
template <typename T, const char *Meta, int (*F)(lua_State *, WsluaContext &, T &)> int valueMethod(lua_State *L)
{
    WsluaContext &ctx = WsluaContext::up(L);
    T *self = checkSelf<T, Meta>(L);
    std::string message;
    try {
        return F(L, ctx, *self);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());
}

// Plain functions (constructors, module functions) that get the context.
template <int (*F)(lua_State *, WsluaContext &)> int function(lua_State *L)
{
    WsluaContext &ctx = WsluaContext::up(L);
    std::string message;
    try {
        return F(L, ctx);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());
}

// Creates metatable Meta: metamethods (each with the context at ctxIdx as upvalue) and
// __index = a table of methods (same upvalue) unless metamethods bring their own __index.
void defineClass(lua_State *L, int ctxIdx, const char *meta, const luaL_Reg *methods, const luaL_Reg *metamethods);
// Sets fns (with the context as upvalue) into the table on top of the stack.
void setFunctions(lua_State *L, int ctxIdx, const luaL_Reg *fns);

} // namespace luacap::luaapi::wslua

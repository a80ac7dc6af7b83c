// Class and function registration helpers of the wslua bindings (the state's thread).
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

void setFunctions(lua_State *L, int ctxIdx, const luaL_Reg *fns)
{
    lua_pushvalue(L, ctxIdx);
    luaL_setfuncs(L, fns, 1);
}

void defineClass(lua_State *L, int ctxIdx, const char *meta, const luaL_Reg *methods, const luaL_Reg *metamethods)
{
    ctxIdx = lua_absindex(L, ctxIdx);
    newMetatable(L, meta);
    if (metamethods)
        setFunctions(L, ctxIdx, metamethods);
    lua_getfield(L, -1, "__index");
    const bool hasIndex = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (methods) {
        lua_newtable(L);
        setFunctions(L, ctxIdx, methods);
        lua_setfield(L, -2, hasIndex ? "__methods" : "__index");
    }
    lua_pop(L, 1);
}

} // namespace luacap::luaapi::wslua

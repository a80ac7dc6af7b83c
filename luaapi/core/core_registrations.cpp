// Init and task registrations (the state's thread).
#include "core/core_registrations.h"

#include "core/core_services.h"
#include "host/lua_host.h"

namespace luacap::luaapi {

namespace {
const char kInitKey = 0;   // addresses are the registry keys of the two lists
const char kTaskKey = 0;

const void *keyOf(CoreHook hook)
{
    return hook == CoreHook::Init ? &kInitKey : &kTaskKey;
}
} // namespace

void pushCoreHooks(lua_State *L, CoreHook hook)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, keyOf(hook));
    if (lua_istable(L, -1))
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, keyOf(hook));
}

void addCoreHook(lua_State *L, CoreHook hook, int idx)
{
    idx = lua_absindex(L, idx);
    pushCoreHooks(L, hook);
    lua_pushvalue(L, idx);
    lua_rawseti(L, -2, int(lua_rawlen(L, -2)) + 1);
    lua_pop(L, 1);
}

bool runInitFunctions(LuaHost &host, std::string *error)
{
    lua_State *L = host.state();
    ContextScope scope(host, LuaContext::Init);
    pushCoreHooks(L, CoreHook::Init);
    const int n = int(lua_rawlen(L, -1));
    bool ok = true;
    for (int i = 1; i <= n && ok; ++i) {
        lua_rawgeti(L, -1, i);
        ok = host.call(0, 0, "init");
        if (!ok)
            *error = "init function: " + host.lastError();
    }
    lua_pop(L, 1);
    coreServices().maps.publish();   // what init loaded is visible from the first packet
    return ok;
}

} // namespace luacap::luaapi

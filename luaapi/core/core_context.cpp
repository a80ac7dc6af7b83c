// requireContext implementation (the state's thread).
#include "core/core_context.h"

#include <string>

#include "host/lua_host.h"

namespace luacap::luaapi {

void requireContext(lua_State *L, const char *function, ContextMask allowed)
{
    const LuaContext now = LuaHost::from(L).context();
    if (allowed & ContextMask(now))
        return;
    std::string names;
    for (LuaContext c : {LuaContext::Body, LuaContext::Init, LuaContext::Task, LuaContext::Runtime}) {
        if (allowed & ContextMask(c))
            names += std::string(names.empty() ? "" : ", ") + contextName(c);
    }
    luaL_error(L, "%s: not allowed in %s context (%s); allowed in: %s", function, contextName(now),
               contextActivity(now), names.c_str());
}

} // namespace luacap::luaapi

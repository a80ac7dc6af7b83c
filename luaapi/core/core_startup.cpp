// startCore implementation (main thread).
#include "core/core_startup.h"

#include "core/core_registrations.h"
#include "host/lua_host.h"

namespace luacap::luaapi {

CoreStart startCore(LuaHost &host, ErrorLog &report, std::string *error)
{
    CoreStart out;
    if (!runInitFunctions(host, error)) {
        out.ok = false;
        return out;
    }
    lua_State *L = host.state();
    pushCoreHooks(L, CoreHook::Task);
    const bool anyTask = lua_rawlen(L, -1) > 0;
    lua_pop(L, 1);
    if (anyTask) {
        out.tasks = std::make_unique<TaskRunner>(host, report);
        out.tasks->start();
    }
    return out;
}

} // namespace luacap::luaapi

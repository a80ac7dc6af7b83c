// The `core` functions (the thread of the state that calls them). Every context-restricted
// function starts with requireContext; the doc page of each lists the same contexts.
#include "core/core_library.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "core/core_context.h"
#include "core/core_functions.h"
#include "core/core_registrations.h"
#include "core/core_services.h"
#include "core/lua_channel.h"
#include "core/lua_map.h"
#include "core/lua_tcp_socket.h"
#include "core/task_runner.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

namespace {
constexpr ContextMask kWriters = LuaContext::Init | LuaContext::Task;
const char *const kLevels[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

void logLine(int level, std::string_view message)
{
    std::fprintf(stderr, "luacap: lua [%s] %.*s\n", kLevels[level], int(message.size()), message.data());
}

int coreLog(lua_State *L)
{
    const int64_t level = checkInteger(L, 1);
    luaL_argcheck(L, level >= 0 && level <= 7, 1, "log level must be 0 (emerg) to 7 (debug)");
    logLine(int(level), checkStringView(L, 2));
    return 0;
}

template <int Level> int coreLogAt(lua_State *L)
{
    logLine(Level, checkStringView(L, 1));
    return 0;
}

int coreNow(lua_State *L)
{
    CoreServices &core = coreServices();
    int64_t usec = core.inputClock.usec();
    if (core.wallClock.load())
        usec = std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    lua_createtable(L, 0, 2);
    lua_pushnumber(L, lua_Number(usec / 1000000));
    lua_setfield(L, -2, "sec");
    lua_pushnumber(L, lua_Number(usec % 1000000));
    lua_setfield(L, -2, "usec");
    return 1;
}

int coreRegisterInit(lua_State *L)
{
    requireContext(L, "core.register_init", ContextMask(LuaContext::Body));
    luaL_checktype(L, 1, LUA_TFUNCTION);
    addCoreHook(L, CoreHook::Init, 1);
    return 0;
}

// Tasks registered once the runner started (from init or a task) start at once.
int coreRegisterTask(lua_State *L)
{
    requireContext(L, "core.register_task", LuaContext::Body | LuaContext::Init | LuaContext::Task);
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (TaskRunner *runner = TaskRunner::of(L))
        runner->spawn(L, 1);
    else
        addCoreHook(L, CoreHook::Task, 1);
    return 0;
}

int sleepFor(lua_State *L, const char *function, double ms)
{
    requireContext(L, function, ContextMask(LuaContext::Task));
    return TaskRunner::yieldFor(L, ms < 0 ? 0 : ms);
}

int coreSleep(lua_State *L) { return sleepFor(L, "core.sleep", luaL_checknumber(L, 1) * 1000.0); }
int coreMsleep(lua_State *L) { return sleepFor(L, "core.msleep", luaL_checknumber(L, 1)); }
int coreYield(lua_State *L) { return sleepFor(L, "core.yield", 0); }

std::string checkString(lua_State *L, int idx)
{
    return std::string(checkStringView(L, idx));
}

int coreSetMap(lua_State *L)
{
    requireContext(L, "core.set_map", kWriters);
    coreServices().maps.set(checkString(L, 1), checkString(L, 2), checkString(L, 3));
    return 0;
}

int coreAddAcl(lua_State *L)
{
    requireContext(L, "core.add_acl", kWriters);
    coreServices().maps.set(checkString(L, 1), checkString(L, 2), std::string());
    return 0;
}

template <const char *Name> int coreErase(lua_State *L)
{
    requireContext(L, Name, kWriters);
    lua_pushboolean(L, coreServices().maps.erase(checkString(L, 1), checkString(L, 2)));
    return 1;
}
const char kDelMap[] = "core.del_map";
const char kDelAcl[] = "core.del_acl";

// luacap extension: replace a map's entries with a file's (a periodic refresh from disk).
int coreLoadMap(lua_State *L)
{
    requireContext(L, "core.load_map", kWriters);
    std::string error;
    if (!coreServices().maps.loadFile(checkString(L, 1), checkString(L, 2), &error))
        return luaL_error(L, "core.load_map: %s", error.c_str());
    return 0;
}

// Sockets wait by parking the task, so only a task can own one.
int coreTcp(lua_State *L)
{
    requireContext(L, "core.tcp", ContextMask(LuaContext::Task));
    return pushNewTcpSocket(L);
}

const luaL_Reg kCore[] = {
    {"log", &guarded<coreLog>},
    {"Debug", &guarded<coreLogAt<7>>},
    {"Info", &guarded<coreLogAt<6>>},
    {"Warning", &guarded<coreLogAt<4>>},
    {"Alert", &guarded<coreLogAt<1>>},
    {"now", &guarded<coreNow>},
    {"register_init", &guarded<coreRegisterInit>},
    {"register_task", &guarded<coreRegisterTask>},
    {"sleep", &guarded<coreSleep>},
    {"msleep", &guarded<coreMsleep>},
    {"yield", &guarded<coreYield>},
    {"set_map", &guarded<coreSetMap>},
    {"del_map", &guarded<coreErase<kDelMap>>},
    {"add_acl", &guarded<coreAddAcl>},
    {"del_acl", &guarded<coreErase<kDelAcl>>},
    {"load_map", &guarded<coreLoadMap>},
    {"tcp", &guarded<coreTcp>},
    {nullptr, nullptr},
};
} // namespace

void registerCore(lua_State *L)
{
    luaL_newlib(L, kCore);
    for (int level = 0; level <= 7; ++level) {
        lua_pushinteger(L, level);
        lua_setfield(L, -2, kLevels[level]);
    }
    registerCoreFunctions(L);
    lua_setglobal(L, "core");
    registerLuaMap(L);
    registerLuaTcpSocket(L);
    registerLuaChannel(L);
}

} // namespace luacap::luaapi

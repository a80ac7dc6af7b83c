// TaskRunner implementation (main thread).
#include "core/task_runner.h"

#include <algorithm>
#include <cmath>

#include "core/core_registrations.h"
#include "core/core_services.h"
#include "host/error_log.h"
#include "host/lua_host.h"

namespace luacap::luaapi {

namespace {
const char kRunnerKey = 0;   // registry key (its address) of the running TaskRunner
const char kSleepKey = 0;    // first value a core.sleep yield passes to the runner
const char kWaitKey = 0;     // first value a waitFor yield passes to the runner
constexpr int kReclaimEveryMs = 500;
} // namespace

TaskRunner::TaskRunner(LuaHost &host, ErrorLog &report) : host_(host), report_(report)
{
    reclaimTimer_.setInterval(kReclaimEveryMs);
    connect(&reclaimTimer_, &QTimer::timeout, this, [] { coreServices().maps.reclaim(); });
}

TaskRunner::~TaskRunner()
{
    lua_State *L = host_.state();
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kRunnerKey);
    tasks_.clear();   // coroutines are collected with their references
}

TaskRunner *TaskRunner::of(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kRunnerKey);
    auto *runner = static_cast<TaskRunner *>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    return runner;
}

void TaskRunner::start()
{
    lua_State *L = host_.state();
    lua_pushlightuserdata(L, this);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kRunnerKey);
    pushCoreHooks(L, CoreHook::Task);
    const int n = int(lua_rawlen(L, -1));
    for (int i = 1; i <= n; ++i) {
        lua_rawgeti(L, -1, i);
        spawn(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    reclaimTimer_.start();
}

std::string TaskRunner::definedAt(lua_State *L, int idx)
{
    lua_Debug ar;
    lua_pushvalue(L, idx);
    lua_getinfo(L, ">S", &ar);
    return std::string(ar.short_src) + ":" + std::to_string(ar.linedefined);
}

// The coroutine is created in the host's main state: a task spawned from another task must
// not be anchored in (and die with) that task's coroutine.
void TaskRunner::spawn(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_State *main = host_.state();
    Task task;
    task.label = definedAt(L, idx);
    task.co = lua_newthread(main);
    task.thread = LuaRef::pop(main);
    lua_pushvalue(L, idx);
    lua_xmove(L, task.co, 1);
    const int id = nextId_++;
    tasks_.emplace(id, std::move(task));
    schedule(id, 0);
}

void TaskRunner::schedule(int id, int ms)
{
    QTimer::singleShot(ms, Qt::PreciseTimer, this, [this, id] { step(id); });
}

int TaskRunner::yieldFor(lua_State *L, double ms)
{
    lua_pushlightuserdata(L, const_cast<char *>(&kSleepKey));
    lua_pushnumber(L, ms);
    return lua_yield(L, 2);
}

int TaskRunner::waitFor(lua_State *L, lua_CFunction k)
{
    lua_pushlightuserdata(L, const_cast<char *>(&kWaitKey));
    return lua_yieldk(L, 1, 0, k);
}

void TaskRunner::wake(lua_State *co)
{
    for (auto &[id, task] : tasks_) {
        if (task.co == co && task.parked) {
            task.parked = false;
            schedule(id, 0);
        }
    }
}

void TaskRunner::step(int id)
{
    const auto it = tasks_.find(id);
    if (it == tasks_.end())
        return;
    Task &task = it->second;
    host_.assertThread();
    int status;
    {
        ContextScope scope(host_, LuaContext::Task);
        host_.resetInstructionCount();
        status = lua_resume(task.co, nullptr, 0);
    }
    task.started = true;
    coreServices().maps.publish();   // a step is the unit of a task's map changes
    if (status == LUA_YIELD) {
        // Our markers (sleep + delay, or wait); any other yield (coroutine.yield): next turn.
        const int top = lua_gettop(task.co);
        const void *marker = top >= 1 ? lua_touserdata(task.co, 1) : nullptr;
        const double ms = marker == &kSleepKey && top >= 2 ? lua_tonumber(task.co, 2) : 0;
        lua_settop(task.co, 0);
        task.parked = marker == &kWaitKey;
        if (!task.parked)
            schedule(id, int(std::lround(std::min(ms, 2.0e9))));
    } else if (status == LUA_OK) {
        tasks_.erase(it);
    } else {
        fail(id, task, status);
    }
}

// Reported like a failed callback: "function 'task FILE:LINE' at FILE:LINE: message".
void TaskRunner::fail(int id, Task &task, int status)
{
    const char *m = lua_tostring(task.co, -1);
    std::string message = m ? m : (status == LUA_ERRMEM ? "not enough memory" : "error object is not a string");
    lua_Debug ar;
    for (int level = 0; lua_getstack(task.co, level, &ar); ++level) {
        lua_getinfo(task.co, "Sl", &ar);
        if (ar.currentline > 0) {
            const std::string where = std::string(ar.short_src) + ":" + std::to_string(ar.currentline);
            if (message.rfind(where + ": ", 0) != 0)
                message = where + ": " + message;
            break;
        }
    }
    ErrorLog one;
    one.add("function 'task " + task.label + "' at " + message);
    report_.merge(one);
    ++failed_;
    tasks_.erase(id);
}

} // namespace luacap::luaapi

// TaskRunner: runs the main state's core.register_task functions as coroutines on the main
// thread's event loop. A task step runs until the task sleeps, yields, returns or fails;
// sleeping is a single-shot QTimer; waiting (a socket, a reply) parks the task until its
// source calls wake(); each step has the state's instruction budget, so a task
// that loops without yielding fails alone (reported in the error log) and the engine goes
// on. Destroying the runner stops every task (pending timers die with it). After each step
// the map changes it made are published. Main thread only.
#pragma once

#include <QObject>
#include <QTimer>
#include <lua.hpp>
#include <map>
#include <string>

#include "host/lua_ref.h"

namespace luacap::luaapi {

class ErrorLog;
class LuaHost;

class TaskRunner : public QObject {
public:
    // Task failures are merged into report (thread-safe), e.g. the run's error log.
    TaskRunner(LuaHost &host, ErrorLog &report);
    ~TaskRunner() override;

    // Starts every task registered so far; each begins when the event loop next runs.
    void start();
    // Starts the function at idx of L (a state this runner's host owns) as a new task.
    void spawn(lua_State *L, int idx);
    // The runner of L's host, once started; nullptr otherwise (packet threads).
    static TaskRunner *of(lua_State *L);
    // core.sleep and friends: yields the running task for ms milliseconds (0: next turn).
    static int yieldFor(lua_State *L, double ms);
    // Parks the running task until wake(L); on resume Lua calls k (the caller re-checks what
    // it waits for, so a spurious wake is harmless). Returns through lua_yieldk.
    static int waitFor(lua_State *L, lua_CFunction k);
    // Resumes the task whose coroutine is co on the next loop turn, if it is parked.
    void wake(lua_State *co);

    int running() const { return int(tasks_.size()); }
    uint64_t failed() const { return failed_; }

private:
    struct Task {
        LuaRef thread;         // keeps the coroutine alive
        lua_State *co = nullptr;
        std::string label;     // "FILE:LINE" where the task function was defined
        bool started = false;
        bool parked = false;   // in waitFor: only wake() resumes it
    };
    void schedule(int id, int ms);
    void step(int id);
    void fail(int id, Task &task, int status);
    static std::string definedAt(lua_State *L, int idx);

    LuaHost &host_;
    ErrorLog &report_;
    std::map<int, Task> tasks_;
    int nextId_ = 1;
    uint64_t failed_ = 0;
    QTimer reclaimTimer_;   // frees retired map versions once packet threads moved on
};

} // namespace luacap::luaapi

// LuaHost: one lua_State and everything that belongs to it (sandbox limits, error log,
// registrations, callback scopes). Created, used and destroyed on one thread: the main thread
// for the load pass, or a packet thread; every entry point asserts that thread.
#pragma once

#include <cstdint>
#include <cstdio>
#include <lua.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "conversation/conversation_store.h"
#include "host/lua_allocator.h"
#include "host/error_log.h"
#include "host/lua_context.h"
#include "host/light_handle.h"
#include "host/lua_handle.h"
#include "host/lua_source.h"
#include "host/registrations.h"

namespace luacap::engine {
class FieldRegistry;
struct Session;
}

namespace luacap::luaapi {

class LuaCoverage;
class LineCounter;

struct LuaLimits {
    uint64_t instructionBudget = 50'000'000;   // per callback (and per file's top-level code)
    size_t memoryCap = 256u << 20;             // bytes per state
    // Diagnostics, off unless asked (then a line hook / one line per call; no cost otherwise).
    LuaCoverage *coverage = nullptr;   // luacap test --coverage: line hits of every state
    std::FILE *trace = nullptr;        // --trace-lua: one line per callback invocation
};

class LuaHost {
public:
    // writable is non-null only on the main thread's load pass (define_field defines there).
    // Packet threads get reference = the main pass's registrations to check against.
    LuaHost(const LuaLimits &limits, const engine::FieldRegistry &fields, engine::FieldRegistry *writable,
            const Registrations *reference = nullptr);
    ~LuaHost();
    LuaHost(const LuaHost &) = delete;
    LuaHost &operator=(const LuaHost &) = delete;

    // The host of L (kept in the registry under a static-address key); asserts the thread.
    static LuaHost &from(lua_State *L);
    lua_State *state() { assertThread(); return L_; }
    void assertThread() const;
    // Hands the state to the calling thread once its old owner ended (luacap replay
    // --two-pass keeps each packet thread's state from pass one for pass two's thread).
    void adoptThread() { owner_ = std::this_thread::get_id(); }

    // Loads and runs one file's top-level code; false with "FILE:LINE: message" in error.
    bool loadFile(const std::string &path, std::string *error);
    // The same for bytes read earlier (readLuaSource): error messages name path as loadFile's do.
    bool loadSource(const LuaSource &source, std::string *error);
    // Calls the function below nargs arguments with a traceback handler under the instruction
    // budget. On error logs it once per distinct text (label names the callback), pops
    // everything and returns false; on success leaves nresults values.
    bool call(int nargs, int nresults, std::string_view label);

    // The session packet-path callbacks run for, set by observers around their calls (null
    // outside): error reports and --trace-lua name it. Formatted only when reported.
    void setSession(const engine::Session *session) { session_ = session; }
    const engine::Session *session() const { return session_; }

    // Keeps the userdata at idx alive and marks it dead when the innermost scope ends.
    void scopeHandle(LuaHandle *handle, int idx);
    // Same, for a userdata the caller keeps on the stack until the scope ends (no registry
    // reference: the hot path of payload callbacks).
    void scopeAnchored(LuaHandle *handle) { scoped_.emplace_back(handle, LUA_NOREF); }
    // Pushes a light handle (host/light_handle.h) on target, live until the innermost scope ends.
    void pushLightHandle(const LightTarget &target)
    {
        void *value = lightHandleValue(++lightIds_);
        lights_.push_back({value, target});
        lua_pushlightuserdata(L_, value);
    }
    // The target of the light handle at idx when it is live and of kind, else null.
    const LightTarget *lightTarget(int idx, const char *kind) const
    {
        if (lua_type(L_, idx) != LUA_TLIGHTUSERDATA)
            return nullptr;
        const void *value = lua_touserdata(L_, idx);
        for (auto it = lights_.rbegin(); it != lights_.rend(); ++it)
            if (it->value == value)
                return it->target.kind == kind ? &it->target : nullptr;
        return nullptr;
    }
    // Makes a handle value pushed earlier live again, on target, until the innermost scope ends.
    void reviveLightHandle(const void *value, const LightTarget &target) { lights_.push_back({value, target}); }

    struct ScopeMark {
        size_t handles = 0;
        size_t lights = 0;
    };
    ScopeMark scopeMark() const { return {scoped_.size(), lights_.size()}; }
    void endScope(ScopeMark mark);

    bool loading() const { return loading_; }
    // The execution context (host/lua_context.h): body while a file loads, else what the
    // innermost ContextScope set; runtime (packet-path callbacks) by default.
    LuaContext context() const { return loading_ ? LuaContext::Body : context_; }
    void setContext(LuaContext c) { context_ = c; }
    // A task step runs under the same per-call budget as call() (tasks resume coroutines).
    void resetInstructionCount() { instructions_ = 0; }
    // The text of the last failed call()'s error.
    const std::string &lastError() const { return lastError_; }
    Registrations &registrations() { return registrations_; }
    const Registrations *reference() const { return reference_; }
    const engine::FieldRegistry &fields() const { return fields_; }
    engine::FieldRegistry *writableFields() { return writable_; }
    ErrorLog &errors() { return errors_; }
    conversation::ConversationStore &conversations() { return *conversations_; }
    size_t memoryUsed() const { return allocator_.used(); }

private:
    bool runLoadedChunk(const std::string &path, int top, std::string *error);
    static void *allocate(void *ud, void *ptr, size_t osize, size_t nsize);
    static void countHook(lua_State *L, lua_Debug *ar);
    static int messageHandler(lua_State *L);
    std::string describe(const std::string &message) const;
    void recordDetail(const std::string &text);
    void trace(int nargs, std::string_view label);
    int pushHandler(int fn);
    void sandbox();

    LuaLimits limits_;
    const engine::FieldRegistry &fields_;
    engine::FieldRegistry *writable_;
    const Registrations *reference_;
    std::thread::id owner_;
    LuaAllocator allocator_{limits_.memoryCap};
    uint64_t instructions_ = 0;
    bool loading_ = false;
    LuaContext context_ = LuaContext::Runtime;
    std::string where_;    // innermost Lua frame of the last error, set by messageHandler
    std::string lastError_;
    std::string traceback_;   // of the last error, set by messageHandler
    const engine::Session *session_ = nullptr;
    std::unique_ptr<LineCounter> lines_;   // only with limits_.coverage
    lua_State *L_ = nullptr;
    ErrorLog errors_;
    Registrations registrations_;
    std::vector<std::pair<LuaHandle *, int>> scoped_;
    struct LiveLight {
        const void *value;
        LightTarget target;
    };
    std::vector<LiveLight> lights_;   // innermost last; a few entries at most
    uint64_t lightIds_ = 0;
    std::unique_ptr<conversation::ConversationStore> conversations_;
};

// RAII: the host runs in context c while it lives (init functions, task steps). Scopes nest.
class ContextScope {
public:
    ContextScope(LuaHost &host, LuaContext c) : host_(host), saved_(host.context()) { host.setContext(c); }
    ~ContextScope() { host_.setContext(saved_); }
    ContextScope(const ContextScope &) = delete;
    ContextScope &operator=(const ContextScope &) = delete;

private:
    LuaHost &host_;
    LuaContext saved_;
};

// RAII: handles scoped while it lives die when it ends. Scopes nest.
class CallbackScope {
public:
    explicit CallbackScope(LuaHost &host) : host_(host), mark_(host.scopeMark()) {}
    ~CallbackScope() { host_.endScope(mark_); }
    CallbackScope(const CallbackScope &) = delete;
    CallbackScope &operator=(const CallbackScope &) = delete;

private:
    LuaHost &host_;
    LuaHost::ScopeMark mark_;
};

} // namespace luacap::luaapi

// LuaHost: one lua_State and everything that belongs to it (sandbox limits, error log,
// registrations, callback scopes). Created, used and destroyed on one thread: the main thread
// for the load pass, or a packet thread; every entry point asserts that thread.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "conversation/conversation_store.h"
#include "host/error_log.h"
#include "host/lua_handle.h"
#include "host/registrations.h"

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::luaapi {

struct LuaLimits {
    uint64_t instructionBudget = 50'000'000;   // per callback (and per file's top-level code)
    size_t memoryCap = 256u << 20;             // bytes per state
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

    // Loads and runs one file's top-level code; false with "FILE:LINE: message" in error.
    bool loadFile(const std::string &path, std::string *error);
    // Calls the function below nargs arguments with a traceback handler under the instruction
    // budget. On error logs it once per distinct text (label names the callback), pops
    // everything and returns false; on success leaves nresults values.
    bool call(int nargs, int nresults, const std::string &label);

    // Keeps the userdata at idx alive and marks it dead when the innermost scope ends.
    void scopeHandle(LuaHandle *handle, int idx);
    // Same, for a userdata the caller keeps on the stack until the scope ends (no registry
    // reference: the hot path of payload callbacks).
    void scopeAnchored(LuaHandle *handle) { scoped_.emplace_back(handle, LUA_NOREF); }
    size_t scopeMark() const { return scoped_.size(); }
    void endScope(size_t mark);

    bool loading() const { return loading_; }
    Registrations &registrations() { return registrations_; }
    const Registrations *reference() const { return reference_; }
    const engine::FieldRegistry &fields() const { return fields_; }
    engine::FieldRegistry *writableFields() { return writable_; }
    ErrorLog &errors() { return errors_; }
    conversation::ConversationStore &conversations() { return *conversations_; }
    size_t memoryUsed() const { return memUsed_; }

private:
    static void *allocate(void *ud, void *ptr, size_t osize, size_t nsize);
    static void countHook(lua_State *L, lua_Debug *ar);
    static int messageHandler(lua_State *L);
    std::string describe(const std::string &message) const;
    void sandbox();

    LuaLimits limits_;
    const engine::FieldRegistry &fields_;
    engine::FieldRegistry *writable_;
    const Registrations *reference_;
    std::thread::id owner_;
    size_t memUsed_ = 0;
    uint64_t instructions_ = 0;
    bool loading_ = false;
    std::string where_;    // innermost Lua frame of the last error, set by messageHandler
    std::string lastError_;
    lua_State *L_ = nullptr;
    ErrorLog errors_;
    Registrations registrations_;
    std::vector<std::pair<LuaHandle *, int>> scoped_;
    std::unique_ptr<conversation::ConversationStore> conversations_;
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
    size_t mark_;
};

} // namespace luacap::luaapi

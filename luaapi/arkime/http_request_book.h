// HttpRequestBook: one Lua state's requests waiting for their answer: the callback, the
// session handle to revive while it runs, the service to count against. Lives in the state's
// registry (freed with the state); used only on that state's packet thread.
#pragma once

#include <QByteArray>
#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <unordered_map>

#include "host/lua_ref.h"

namespace luacap::engine {
struct Session;
}

namespace luacap::luaapi {

class LuaSessionState;

class HttpRequestBook {
public:
    struct Pending {
        LuaRef callback;
        LuaRef sessionHandle;        // the ArkimeSession of the callback that asked, if any
        engine::Session *session = nullptr;
        LuaSessionState *state = nullptr;   // the session's Lua state, revived with it
        LuaRef service;              // keeps the service alive while it has requests out
        uint32_t *outstanding = nullptr;   // the service's count of requests out
    };

    explicit HttpRequestBook(lua_State *L) : L_(L) {}

    // The book of L's state, created on first use.
    static HttpRequestBook &of(lua_State *L);

    uint64_t add(Pending pending);
    // Runs the callback fn(code, body) of request id in the state. session is the live
    // session it was asked for (nullptr when written and freed meanwhile: counted, and the
    // callback runs with its session handle dead).
    void complete(uint64_t id, engine::Session *session, int code, const QByteArray &body);
    // A core task's request (main thread): the callback runs in task context, outside the
    // task's coroutine, so it cannot sleep; the task waits for what the callback sets.
    void completeForTask(uint64_t id, int code, const QByteArray &body);
    // Expires when the book does (its state closed): answers that come later are dropped.
    std::weak_ptr<char> aliveToken() const { return alive_; }

private:
    void reviveSession(Pending &pending, engine::Session *session);

    lua_State *L_;
    uint64_t nextId_ = 0;
    std::unordered_map<uint64_t, Pending> pending_;
    std::shared_ptr<char> alive_ = std::make_shared<char>();
};

} // namespace luacap::luaapi

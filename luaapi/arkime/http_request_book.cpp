// HttpRequestBook implementation (the state's packet thread).
#include "arkime/http_request_book.h"

#include <new>

#include "arkime/arkime_session.h"
#include "arkime/http_service_counters.h"
#include "host/lua_host.h"

namespace luacap::luaapi {

namespace {
const char kBookKey = 0;   // its address is the registry key of the state's book

int collectBook(lua_State *L)
{
    static_cast<HttpRequestBook *>(lua_touserdata(L, 1))->~HttpRequestBook();
    return 0;
}
} // namespace

HttpRequestBook &HttpRequestBook::of(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kBookKey);
    auto *book = static_cast<HttpRequestBook *>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    if (book)
        return *book;
    // The main thread: callbacks run there later, never on the (maybe suspended) coroutine
    // of a task that asked.
    book = new (lua_newuserdata(L, sizeof(HttpRequestBook))) HttpRequestBook(LuaRef::mainThread(L));
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &collectBook);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kBookKey);
    return *book;
}

uint64_t HttpRequestBook::add(Pending pending)
{
    const uint64_t id = ++nextId_;
    pending_.emplace(id, std::move(pending));
    return id;
}

// The handle the callback's closure holds died when the asking callback returned; it lives
// again for this callback only, when it still names this very session.
void HttpRequestBook::reviveSession(Pending &pending, engine::Session *session)
{
    LuaHost &host = LuaHost::from(L_);
    pending.sessionHandle.push();
    if (pending.session == session)
        luacap::luaapi::reviveSession(host, -1, {session, pending.state, &host});
    lua_pop(L_, 1);
}

void HttpRequestBook::complete(uint64_t id, engine::Session *session, int code, const QByteArray &body)
{
    const auto it = pending_.find(id);
    if (it == pending_.end())
        return;
    Pending pending = std::move(it->second);
    pending_.erase(it);
    if (pending.outstanding && *pending.outstanding > 0)
        --*pending.outstanding;
    HttpServiceCounters &counters = HttpServiceCounters::instance();
    ++counters.callbacks;
    LuaHost &host = LuaHost::from(L_);
    const int base = lua_gettop(L_);
    {
        CallbackScope scope(host);
        if (pending.sessionHandle.valid()) {
            if (session)
                reviveSession(pending, session);
            else
                ++counters.withoutSession;
        }
        pending.callback.push();
        lua_pushinteger(L_, code);
        lua_pushlstring(L_, body.constData(), size_t(body.size()));
        host.setSession(session);   // named by error reports
        host.call(2, 0, "ArkimeHttpService callback");
        host.setSession(nullptr);
    }
    lua_settop(L_, base);
}

void HttpRequestBook::completeForTask(uint64_t id, int code, const QByteArray &body)
{
    ContextScope context(LuaHost::from(L_), LuaContext::Task);
    complete(id, nullptr, code, body);
}

} // namespace luacap::luaapi

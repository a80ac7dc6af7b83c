// ArkimeHttpService bindings: .new and :request on the state's thread; the HttpServiceClient
// they feed lives on the main thread, and answers come back through the packet thread's
// SessionCommandQueue to HttpRequestBook::complete.
#include "arkime/arkime_http_service.h"

#include <QCoreApplication>
#include <QThread>
#include <QUrl>
#include <new>
#include <string>
#include <vector>

#include "arkime/arkime_session.h"
#include "arkime/http_request_book.h"
#include "arkime/http_service_client.h"
#include "arkime/http_service_counters.h"
#include "arkime/tls_trust_args.h"
#include "dispatch/session_command_queue.h"
#include "host/lua_args.h"
#include "host/lua_handle.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"
#include "session/session.h"

namespace luacap::luaapi {

const char kHttpServiceMeta[] = "luacap.ArkimeHttpService";

namespace {
const char kServiceDead[] = "ArkimeHttpService is closed";

struct ArkimeHttpServiceUd {
    LuaHandle handle;   // always live: Lua owns the service
    std::vector<QByteArray> bases;
    int maxConnections = 1;
    uint32_t maxRequests = 1;
    HttpServiceOptions options;
    HttpServiceClient *client = nullptr;   // main thread's; made on the first request
    uint32_t outstanding = 0;              // requests out, counted on this thread
};

std::vector<QByteArray> parseHostports(lua_State *L, std::string_view text)
{
    std::vector<QByteArray> bases;
    for (const QByteArray &part : QByteArray(text.data(), qsizetype(text.size())).split(',')) {
        const QByteArray base = part.trimmed();
        const QUrl url = QUrl::fromEncoded(base, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || (url.scheme() != "http" && url.scheme() != "https"))
            luaL_error(L, "ArkimeHttpService.new: '%s' is not an http:// or https:// URL", base.constData());
        bases.push_back(base);
    }
    return bases;
}

// The optional 4th argument of new: {timeout = seconds, caFile = "ca.pem", insecure = true},
// over the config file's defaults.
HttpServiceOptions parseOptions(lua_State *L, int idx)
{
    HttpServiceOptions o = HttpServiceOptions::defaults();
    if (lua_isnoneornil(L, idx))
        return o;
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_getfield(L, idx, "timeout");
    if (!lua_isnil(L, -1)) {
        const lua_Number seconds = luaL_checknumber(L, -1);
        luaL_argcheck(L, seconds > 0 && seconds <= 3600, idx, "timeout must be 0 < seconds <= 3600");
        o.timeoutMs = int(seconds * 1000);
    }
    lua_pop(L, 1);
    readTlsTrust(L, idx, o);
    return o;
}

int collect(lua_State *L)
{
    auto *ud = static_cast<ArkimeHttpServiceUd *>(luaL_checkudata(L, 1, kHttpServiceMeta));
    if (ud->client)
        ud->client->deleteLater();   // its thread's loop deletes it (or the application, at exit)
    ud->~ArkimeHttpServiceUd();
    return 0;
}

int newService(lua_State *L)
{
    const std::vector<QByteArray> bases = parseHostports(L, checkStringView(L, 1));
    const int64_t maxConnections = checkInteger(L, 2);
    const int64_t maxRequests = checkInteger(L, 3);
    luaL_argcheck(L, maxConnections >= 1 && maxConnections <= 1000, 2, "maxConnections must be 1..1000");
    luaL_argcheck(L, maxRequests >= 1 && maxRequests <= 1'000'000, 3, "maxRequests must be 1..1000000");
    const HttpServiceOptions options = parseOptions(L, 4);
    auto *ud = new (lua_newuserdata(L, sizeof(ArkimeHttpServiceUd))) ArkimeHttpServiceUd{};
    ud->bases = bases;
    ud->maxConnections = int(maxConnections);
    ud->maxRequests = uint32_t(maxRequests);
    ud->options = options;
    lua_rawgetp(L, LUA_REGISTRYINDEX, kHttpServiceMeta);
    lua_setmetatable(L, -2);
    return 1;
}

// The service's client on the main thread, made on first use: created here, then handed to
// the application's thread, whose event loop runs every request and owns it at exit.
HttpServiceClient &clientOf(lua_State *L, ArkimeHttpServiceUd &s)
{
    if (s.client)
        return *s.client;
    QCoreApplication *app = QCoreApplication::instance();
    if (!app)
        luaL_error(L, "ArkimeHttpService:request: no application event loop to run requests on");
    auto *client = new HttpServiceClient(s.bases, s.maxConnections, s.options);
    client->moveToThread(app->thread());
    QMetaObject::invokeMethod(client, [client, app] { client->setParent(app); }, Qt::QueuedConnection);
    s.client = client;
    return *client;
}

// The session of the callback that asks: the innermost live ArkimeSession among the locals
// and upvalues of the Lua frames calling request. Leaves it on the stack when found.
bool findAskingSession(lua_State *L, ArkimeSessionTarget *out)
{
    LuaHost &host = LuaHost::from(L);
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); ++level) {
        for (int n = 1; lua_getlocal(L, &ar, n); ++n) {
            if (liveSession(host, -1, out))
                return true;
            lua_pop(L, 1);
        }
        lua_getinfo(L, "f", &ar);
        for (int n = 1; lua_getupvalue(L, -1, n); ++n) {
            if (liveSession(host, -1, out)) {
                lua_remove(L, -2);
                return true;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    return false;
}

// request's method, path and body (arguments 2-4).
HttpRequestJob jobOf(lua_State *L)
{
    HttpRequestJob job;
    job.method = QByteArray(checkStringView(L, 2).data(), qsizetype(checkStringView(L, 2).size()));
    job.path = QByteArray(checkStringView(L, 3).data(), qsizetype(checkStringView(L, 3).size()));
    job.data = QByteArray(checkStringView(L, 4).data(), qsizetype(checkStringView(L, 4).size()));
    return job;
}

// The job's answer (main thread) becomes a command for the asking packet thread.
HttpRequestJob makeJob(lua_State *L, engine::SessionCommandQueue &queue, HttpRequestBook &book, uint64_t id,
                       const engine::SessionRef &ref)
{
    HttpRequestJob job = jobOf(L);
    job.deliver = [queue = queue.shared_from_this(), book = &book, id, ref](int code, const QByteArray &body) {
        engine::SessionCommand command;
        command.session = ref;
        command.answersExpected = true;
        command.run = [book, id, code, body](engine::Session *s) { book->complete(id, s, code, body); };
        queue->post(std::move(command));
    };
    return job;
}

// A task's request (main thread): the answer arrives on this same thread, through the
// client's event loop, and runs the callback unless the state was closed meanwhile.
HttpRequestJob makeTaskJob(lua_State *L, HttpRequestBook &book, uint64_t id)
{
    HttpRequestJob job = jobOf(L);
    job.deliver = [alive = book.aliveToken(), book = &book, id](int code, const QByteArray &body) {
        if (alive.lock())
            book->completeForTask(id, code, body);
    };
    return job;
}

bool inMainThreadTask(lua_State *L)
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && QThread::currentThread() == app->thread() && LuaHost::from(L).context() == LuaContext::Task;
}

// The book entry of a new request: its callback (argument 5), the asking session's handle
// (found on the Lua stack), and the service, kept alive and counted while the request is out.
HttpRequestBook::Pending makePending(lua_State *L, ArkimeHttpServiceUd &s, engine::SessionRef &ref)
{
    HttpRequestBook::Pending pending;
    if (ArkimeSessionTarget asking; findAskingSession(L, &asking)) {
        ref = engine::SessionRef{true, asking.session->key, asking.session->firstPacketUsec};
        pending.session = asking.session;
        pending.state = asking.state;
        pending.sessionHandle = LuaRef::pop(L);
    }
    lua_pushvalue(L, 5);
    pending.callback = LuaRef::pop(L);
    lua_pushvalue(L, 1);
    pending.service = LuaRef::pop(L);
    pending.outstanding = &s.outstanding;
    return pending;
}

int request(lua_State *L, ArkimeHttpServiceUd &s)
{
    checkStringView(L, 2);
    checkStringView(L, 3);
    checkStringView(L, 4);
    luaL_checktype(L, 5, LUA_TFUNCTION);
    if (LuaHost::from(L).loading())
        return luaL_error(L, "ArkimeHttpService:request may not be called while a script loads");
    engine::SessionCommandQueue *queue = engine::SessionCommandQueue::current();
    const bool task = !queue && inMainThreadTask(L);
    if (!queue && !task)
        return luaL_error(L, "ArkimeHttpService:request may only be called on a packet thread or in a task");
    if (s.outstanding >= s.maxRequests) {
        ++HttpServiceCounters::instance().rejected;
        lua_pushboolean(L, false);
        return 1;
    }
    HttpServiceClient &client = clientOf(L, s);
    HttpRequestBook &book = HttpRequestBook::of(L);
    engine::SessionRef ref;
    const uint64_t id = book.add(makePending(L, s, ref));
    HttpRequestJob job = task ? makeTaskJob(L, book, id) : makeJob(L, *queue, book, id, ref);
    if (queue)
        queue->expect();
    ++s.outstanding;
    ++HttpServiceCounters::instance().requests;
    QMetaObject::invokeMethod(
        &client, [c = &client, job = std::move(job)]() mutable { c->submit(std::move(job)); }, Qt::QueuedConnection);
    lua_pushboolean(L, true);
    return 1;
}

int toString(lua_State *L, ArkimeHttpServiceUd &s)
{
    lua_pushfstring(L, "ArkimeHttpService: %s", s.bases.empty() ? "" : s.bases.front().constData());
    return 1;
}

template <int (*F)(lua_State *, ArkimeHttpServiceUd &)> int serviceMethod(lua_State *L)
{
    return method<ArkimeHttpServiceUd, kHttpServiceMeta, kServiceDead, F>(L);
}
} // namespace

void registerArkimeHttpService(lua_State *L)
{
    newMetatable(L, kHttpServiceMeta);
    static const luaL_Reg methods[] = {
        {"request", &serviceMethod<request>},
        {nullptr, nullptr},
    };
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &serviceMethod<toString>);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, &collect);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    static const luaL_Reg functions[] = {
        {"new", &guarded<newService>},
        {nullptr, nullptr},
    };
    luaL_newlib(L, functions);
    lua_setglobal(L, "ArkimeHttpService");
}

} // namespace luacap::luaapi

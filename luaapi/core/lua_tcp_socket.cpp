// Socket binding (main thread, task context). Each waiting method is a step function that is
// also its own continuation: it re-checks the socket after every wake, so a spurious wake
// costs one check.
#include "core/lua_tcp_socket.h"

#include <memory>
#include <string>

#include "arkime/http_service_options.h"
#include "arkime/tls_trust_args.h"
#include "core/core_class.h"
#include "core/core_context.h"
#include "core/task_runner.h"
#include "core/tcp_socket.h"
#include "host/lua_args.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

extern const char kSocketMeta[];
const char kSocketMeta[] = "luacap.Socket";

namespace {
struct SocketUd {
    std::unique_ptr<TcpSocket> socket;
};

TcpSocket &self(lua_State *L)
{
    return *checkSelf<SocketUd, kSocketMeta>(L)->socket;
}

int pushFailure(lua_State *L, const QString &why)
{
    lua_pushnil(L);
    lua_pushstring(L, why.toUtf8().constData());
    return 2;
}

// nil, why, and the bytes taken so far (LuaSocket's partial result), prefix first.
int pushPartial(lua_State *L, const QString &why, const QByteArray &partial)
{
    pushFailure(L, why);
    lua_pushstring(L, luaL_optstring(L, 3, ""));
    lua_pushlstring(L, partial.constData(), size_t(partial.size()));
    lua_concat(L, 2);
    return 3;
}

// Parks the task and resumes in k; or ends the operation when its deadline passed.
int parkOr(lua_State *L, TcpSocket &s, lua_CFunction k)
{
    s.park(L, TaskRunner::of(L));
    return TaskRunner::waitFor(L, k);
}

int connectStep(lua_State *L)
{
    TcpSocket &s = self(L);
    if (s.ready()) {
        lua_pushinteger(L, 1);
        return 1;
    }
    const QString why = s.failure();
    if (!why.isEmpty())
        return pushFailure(L, why);
    if (s.timedOut()) {
        s.io().abort();
        return pushFailure(L, QStringLiteral("timeout"));
    }
    return parkOr(L, s, &connectStep);
}

// The config's trust settings (caTrustFile, httpInsecure) under the options table at idx.
HttpServiceOptions tlsTrust(lua_State *L, int idx)
{
    HttpServiceOptions o = HttpServiceOptions::defaults();
    if (lua_istable(L, idx))
        readTlsTrust(L, idx, o);
    return o;
}

// connect(host, port) and connect_ssl(host, port [, {caFile=, insecure=}]).
template <bool Tls> int socketConnect(lua_State *L)
{
    requireContext(L, Tls ? "Socket:connect_ssl" : "Socket:connect", ContextMask(LuaContext::Task));
    TcpSocket &s = self(L);
    const std::string host(checkStringView(L, 2));
    const int64_t port = checkInteger(L, 3);
    luaL_argcheck(L, port >= 1 && port <= 65535, 3, "port must be 1..65535");
    if (s.started())
        return pushFailure(L, QStringLiteral("already connected"));
    const HttpServiceOptions trust = Tls ? tlsTrust(L, 4) : HttpServiceOptions();
    lua_settop(L, 1);
    s.beginOperation();
    s.startConnect(QString::fromStdString(host), quint16(port), Tls, trust.caFile, trust.insecure);
    return connectStep(L);
}

// What receive's pattern asks for: a line, everything, or count bytes.
struct Pattern {
    enum Kind { Line, All, Count } kind = Line;
    qint64 count = 0;
};

Pattern checkPattern(lua_State *L)
{
    Pattern p;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        p.kind = Pattern::Count;
        p.count = checkInteger(L, 2);
        luaL_argcheck(L, p.count >= 0, 2, "byte count must be >= 0");
        return p;
    }
    const std::string_view text = lua_isnoneornil(L, 2) ? "*l" : checkStringView(L, 2);
    if (text == "*a" || text == "a")
        p.kind = Pattern::All;
    else if (text != "*l" && text != "l")
        luaL_argerror(L, 2, "pattern must be '*l', '*a' or a byte count");
    return p;
}

// True with the whole result in s.pending() once the pattern is satisfied.
bool tryReceive(TcpSocket &s, const Pattern &p)
{
    QSslSocket &io = s.io();
    switch (p.kind) {
    case Pattern::Line:
        if (!io.canReadLine())
            return false;
        s.pending() += io.readLine();
        s.pending().chop(1);                // the LF
        s.pending().replace("\r", "");     // LuaSocket ignores every CR of a line
        return true;
    case Pattern::All:
        s.pending() += io.readAll();
        return s.finished();
    case Pattern::Count:
        s.pending() += io.read(p.count - s.pending().size());
        return s.pending().size() == p.count;
    }
    return false;
}

int receiveStep(lua_State *L)
{
    TcpSocket &s = self(L);
    const Pattern p = checkPattern(L);
    if (tryReceive(s, p)) {
        lua_pushstring(L, luaL_optstring(L, 3, ""));
        lua_pushlstring(L, s.pending().constData(), size_t(s.pending().size()));
        lua_concat(L, 2);
        s.pending().clear();
        return 1;
    }
    QString why = s.failure();
    if (why.isEmpty() && s.finished())
        why = QStringLiteral("closed");
    if (why.isEmpty() && s.timedOut())
        why = QStringLiteral("timeout");
    if (why.isEmpty())
        return parkOr(L, s, &receiveStep);
    const QByteArray partial = s.pending() + s.io().readAll();
    s.pending().clear();
    return pushPartial(L, why, partial);
}

int socketReceive(lua_State *L)
{
    requireContext(L, "Socket:receive", ContextMask(LuaContext::Task));
    TcpSocket &s = self(L);
    checkPattern(L);
    luaL_optstring(L, 3, "");
    lua_settop(L, 3);
    if (!s.ready() && !s.started())
        return pushFailure(L, QStringLiteral("closed"));
    s.pending().clear();
    s.beginOperation();
    return receiveStep(L);
}

// send(data [, i [, j]]): Qt's write buffer takes everything at once; the event loop
// flushes it while the task goes on (close() still writes what is queued).
int socketSend(lua_State *L)
{
    TcpSocket &s = self(L);
    const std::string_view data = checkStringView(L, 2);
    const int64_t n = int64_t(data.size());
    int64_t i = lua_isnoneornil(L, 3) ? 1 : checkInteger(L, 3);
    int64_t j = lua_isnoneornil(L, 4) ? n : checkInteger(L, 4);
    i = i < 0 ? std::max<int64_t>(n + i + 1, 1) : std::max<int64_t>(i, 1);
    j = j < 0 ? n + j + 1 : std::min(j, n);
    if (!s.ready()) {
        const QString why = s.failure();
        pushFailure(L, why.isEmpty() ? QStringLiteral("closed") : why);
        lua_pushinteger(L, lua_Integer(i - 1));
        return 3;
    }
    if (j >= i)
        s.io().write(data.data() + i - 1, j - i + 1);
    lua_pushinteger(L, lua_Integer(std::max(j, i - 1)));
    return 1;
}

int socketSettimeout(lua_State *L)
{
    TcpSocket &s = self(L);
    s.setTimeout(lua_isnoneornil(L, 2) ? -1.0 : luaL_checknumber(L, 2));
    lua_pushinteger(L, 1);
    return 1;
}

int socketClose(lua_State *L)
{
    self(L).close();
    lua_pushinteger(L, 1);
    return 1;
}

template <bool Peer> int socketName(lua_State *L)
{
    QSslSocket &io = self(L).io();
    if (io.state() != QAbstractSocket::ConnectedState) {
        lua_pushnil(L);
        return 1;
    }
    const QHostAddress address = Peer ? io.peerAddress() : io.localAddress();
    lua_pushstring(L, address.toString().toUtf8().constData());
    lua_pushinteger(L, Peer ? io.peerPort() : io.localPort());
    return 2;
}

// LuaSocket compatibility only (HAProxy does the same).
int socketSetoption(lua_State *L)
{
    self(L);
    lua_pushinteger(L, 1);
    return 1;
}

int socketGc(lua_State *L)
{
    static_cast<SocketUd *>(luaL_checkudata(L, 1, kSocketMeta))->~SocketUd();
    return 0;
}

const luaL_Reg kMethods[] = {
    {"connect", &guarded<socketConnect<false>>},
    {"connect_ssl", &guarded<socketConnect<true>>},
    {"receive", &guarded<socketReceive>},
    {"send", &guarded<socketSend>},
    {"settimeout", &guarded<socketSettimeout>},
    {"close", &guarded<socketClose>},
    {"getpeername", &guarded<socketName<true>>},
    {"getsockname", &guarded<socketName<false>>},
    {"setoption", &guarded<socketSetoption>},
    {nullptr, nullptr},
};
} // namespace

int pushNewTcpSocket(lua_State *L)
{
    auto *ud = new (lua_newuserdata(L, sizeof(SocketUd))) SocketUd{};
    luaL_setmetatable(L, kSocketMeta);
    ud->socket = std::make_unique<TcpSocket>();
    return 1;
}

void registerLuaTcpSocket(lua_State *L)
{
    defineClass(L, kSocketMeta, kMethods, "__gc", &socketGc);
}

} // namespace luacap::luaapi

// TcpSocket: the engine side of a core.tcp() socket. A QSslSocket on the main thread's event
// loop, never blocking: the Lua binding tries an operation, and when it cannot finish yet it
// parks the calling task; this object wakes that task when the socket signals progress or
// the operation's deadline passes. Main thread only (tasks run there).
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QPointer>
#include <QSslSocket>
#include <QString>
#include <QTimer>
#include <lua.hpp>
#include <memory>

namespace luacap::luaapi {

class TaskRunner;

class TcpSocket {
public:
    TcpSocket();
    ~TcpSocket();
    TcpSocket(const TcpSocket &) = delete;
    TcpSocket &operator=(const TcpSocket &) = delete;

    // Starts connecting (TLS when tls is set, trusting caFile too, or nothing when insecure).
    void startConnect(const QString &host, quint16 port, bool tls, const QString &caFile, bool insecure);
    bool started() const { return started_; }
    // Connected (and, over TLS, encrypted): ready for send and receive.
    bool ready() const;
    // Why the socket cannot go on, in LuaSocket's words ("closed", "connection refused",
    // "timeout", ...); empty while it can.
    QString failure() const;
    // The peer closed (or we did): no more bytes will arrive beyond those buffered.
    bool finished() const;

    // seconds < 0: no limit (LuaSocket's default). Applies to each later operation.
    void setTimeout(double seconds) { timeoutMs_ = seconds < 0 ? -1 : qint64(seconds * 1000); }
    // Starts one operation's deadline (connect or receive; send never waits).
    void beginOperation() { deadline_ = timeoutMs_ < 0 ? QDeadlineTimer::Forever : QDeadlineTimer(timeoutMs_); }
    bool timedOut() const { return deadline_.hasExpired(); }
    // Remembers co as the task to wake on progress or at the deadline.
    void park(lua_State *co, TaskRunner *runner);

    QSslSocket &io() { return *socket_; }
    // Bytes of the current receive taken so far (returned as the partial result on failure).
    QByteArray &pending() { return pending_; }
    void close();
    bool closedByUs() const { return closed_; }

private:
    void wake();

    std::unique_ptr<QSslSocket> socket_;
    QTimer deadlineTimer_;
    QDeadlineTimer deadline_{QDeadlineTimer::Forever};
    qint64 timeoutMs_ = -1;
    QByteArray pending_;
    lua_State *waiter_ = nullptr;
    QPointer<TaskRunner> runner_;
    bool started_ = false;
    bool tls_ = false;
    bool closed_ = false;
    bool failed_ = false;
};

} // namespace luacap::luaapi

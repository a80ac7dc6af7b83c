// TcpSocket implementation (main thread).
#include "core/tcp_socket.h"

#include <QSslConfiguration>

#include "core/task_runner.h"

namespace luacap::luaapi {

TcpSocket::TcpSocket() : socket_(std::make_unique<QSslSocket>())
{
    deadlineTimer_.setSingleShot(true);
    QObject::connect(&deadlineTimer_, &QTimer::timeout, [this] { wake(); });
    QSslSocket *s = socket_.get();
    QObject::connect(s, &QSslSocket::connected, [this] { wake(); });
    QObject::connect(s, &QSslSocket::encrypted, [this] { wake(); });
    QObject::connect(s, &QSslSocket::readyRead, [this] { wake(); });
    QObject::connect(s, &QSslSocket::bytesWritten, [this] { wake(); });
    QObject::connect(s, &QSslSocket::disconnected, [this] { wake(); });
    QObject::connect(s, &QSslSocket::errorOccurred, [this] { failed_ = true; wake(); });
}

// The socket goes before the timer and the lambdas that capture this.
TcpSocket::~TcpSocket()
{
    socket_->disconnect();
    socket_->abort();
    socket_.reset();
}

void TcpSocket::startConnect(const QString &host, quint16 port, bool tls, const QString &caFile, bool insecure)
{
    started_ = true;
    tls_ = tls;
    if (!tls) {
        socket_->connectToHost(host, port);
        return;
    }
    // The same trust settings as ArkimeHttpService (http_service_client.cpp).
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    if (!caFile.isEmpty())
        config.addCaCertificates(caFile);
    if (insecure)
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
    socket_->setSslConfiguration(config);
    socket_->connectToHostEncrypted(host, port);
}

bool TcpSocket::ready() const
{
    if (socket_->state() != QAbstractSocket::ConnectedState)
        return false;
    return !tls_ || socket_->isEncrypted();
}

bool TcpSocket::finished() const
{
    return closed_ || (started_ && socket_->state() == QAbstractSocket::UnconnectedState);
}

QString TcpSocket::failure() const
{
    if (closed_)
        return QStringLiteral("closed");
    if (!failed_)
        return {};
    switch (socket_->error()) {
    case QAbstractSocket::ConnectionRefusedError: return QStringLiteral("connection refused");
    case QAbstractSocket::RemoteHostClosedError: return QStringLiteral("closed");
    case QAbstractSocket::HostNotFoundError: return QStringLiteral("host not found");
    case QAbstractSocket::SocketTimeoutError: return QStringLiteral("timeout");
    case QAbstractSocket::SslHandshakeFailedError:
        return QStringLiteral("ssl handshake failed: ") + socket_->errorString();
    default: return socket_->errorString();
    }
}

void TcpSocket::park(lua_State *co, TaskRunner *runner)
{
    waiter_ = co;
    runner_ = runner;
    if (deadline_.isForever())
        deadlineTimer_.stop();
    else
        deadlineTimer_.start(int(std::max<qint64>(0, deadline_.remainingTime())));
}

void TcpSocket::wake()
{
    if (runner_ && waiter_)
        runner_->wake(waiter_);
    waiter_ = nullptr;
}

void TcpSocket::close()
{
    closed_ = true;
    socket_->disconnectFromHost();   // queued bytes are still written
}

} // namespace luacap::luaapi

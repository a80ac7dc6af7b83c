// HttpTestServer: runs tests/support/http_test_server.py (python3) on a free loopback port for
// the duration of a test, plain HTTP or HTTPS, and knows its base URL. Test thread.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpServer>

namespace luacap::test {

class HttpTestServer {
public:
    // tlsCert/tlsKey: PEM files to serve HTTPS with; empty for plain HTTP.
    explicit HttpTestServer(const QString &tlsCert = {}, const QString &tlsKey = {})
        : HttpTestServer(QStringLiteral(LUACAP_SOURCE_DIR "/tests/support/http_test_server.py"),
                         tlsCert.isEmpty() ? QStringList{} : QStringList{"--tls", tlsCert, tlsKey})
    {
        https_ = !tlsCert.isEmpty();
    }
    // Any script that prints "PORT <n>" once it listens on 127.0.0.1 (a sample service).
    HttpTestServer(const QString &script, const QStringList &arguments)
    {
        process_.start("python3", QStringList{script} + arguments);
        // The script prints its port once it listens: a line to wait for, not a sleep.
        while (process_.waitForReadyRead(10000) || process_.canReadLine()) {
            const QByteArray line = process_.readLine().trimmed();
            if (line.startsWith("PORT ")) {
                port_ = line.mid(5).toInt();
                break;
            }
        }
    }
    ~HttpTestServer()
    {
        process_.kill();
        process_.waitForFinished(5000);
    }
    HttpTestServer(const HttpTestServer &) = delete;
    HttpTestServer &operator=(const HttpTestServer &) = delete;

    bool running() const { return port_ > 0; }
    QString url() const { return QString("%1://127.0.0.1:%2").arg(https_ ? "https" : "http").arg(port_); }

    // A loopback port nothing listens on (bound, then closed): connections are refused.
    static QString deadUrl()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        return QString("http://127.0.0.1:%1").arg(port);
    }

private:
    QProcess process_;
    int port_ = 0;
    bool https_ = false;
};

} // namespace luacap::test

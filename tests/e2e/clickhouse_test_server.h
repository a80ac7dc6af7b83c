// ClickHouseTestServer: a private clickhouse-server for tests (own config, data directory and
// loopback ports under a temporary directory), which a test can kill and start again.
// Runs in the test's main thread; the server is a child process stopped by its pid.
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QUrlQuery>
#include <csignal>

namespace luacap::test {

class ClickHouseTestServer {
public:
    ~ClickHouseTestServer() { kill(); }

    // Writes the config into dir and starts the server; false with why() if it cannot.
    bool start(const QString &dir)
    {
        binary_ = QStandardPaths::findExecutable("clickhouse-server");
        if (binary_.isEmpty())
            binary_ = QStandardPaths::findExecutable("clickhouse-server", {"/usr/sbin", "/usr/bin"});
        if (binary_.isEmpty())
            return fail("clickhouse-server is not installed (scripts/install-deps.sh installs it)");
        dir_ = dir;
        httpPort_ = freePort();
        tcpPort_ = freePort();
        if (!writeConfig())
            return fail("cannot write the server config in " + dir);
        return restart();
    }

    bool restart()
    {
        process_ = std::make_unique<QProcess>();
        process_->setProcessChannelMode(QProcess::MergedChannels);
        process_->setStandardOutputFile(dir_ + "/stdout.log", QIODevice::Append);
        process_->start(binary_, {"--config-file=" + dir_ + "/config.xml"});
        if (!process_->waitForStarted(10000))
            return fail("cannot run " + binary_);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (query("SELECT 1").trimmed() == "1")
                return true;
            if (process_->state() == QProcess::NotRunning)
                return fail("clickhouse-server exited; see " + dir_ + "/stdout.log and error.log");
            QThread::msleep(100);
        }
        return fail("clickhouse-server did not answer on port " + QString::number(httpPort_) + " within 30 s");
    }

    // SIGKILL, as a crash or power loss would.
    void kill()
    {
        if (!process_ || process_->state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(process_->processId()), SIGKILL);
        process_->waitForFinished(10000);
    }

    QString url() const { return QString("http://127.0.0.1:%1/").arg(httpPort_); }
    QString why() const { return why_; }

    // Runs one statement over HTTP; the body, or empty on any error (error in *error).
    QByteArray query(const QString &sql, QString *error = nullptr) const
    {
        QUrl u(url());
        QUrlQuery q;
        q.addQueryItem("query", sql);
        u.setQuery(q);
        QNetworkAccessManager network;
        QNetworkRequest request(u);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
        QNetworkReply *reply = network.post(request, QByteArray());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QByteArray body = reply->readAll();
        const bool ok = reply->error() == QNetworkReply::NoError;
        if (!ok && error)
            *error = reply->errorString() + ": " + QString::fromUtf8(body);
        delete reply;
        return ok ? body : QByteArray();
    }

private:
    bool fail(const QString &why)
    {
        why_ = why;
        return false;
    }

    static int freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    bool writeConfig() const
    {
        const QString config = QString(
            "<?xml version=\"1.0\"?>\n<yandex>\n"
            " <logger><level>warning</level><log>%1/server.log</log><errorlog>%1/error.log</errorlog>"
            "<console>0</console></logger>\n"
            " <http_port>%2</http_port>\n <tcp_port>%3</tcp_port>\n <listen_host>127.0.0.1</listen_host>\n"
            " <path>%1/data/</path>\n <tmp_path>%1/tmp/</tmp_path>\n"
            " <user_files_path>%1/user_files/</user_files_path>\n"
            " <format_schema_path>%1/format_schemas/</format_schema_path>\n"
            " <users_config>users.xml</users_config>\n <default_profile>default</default_profile>\n"
            " <default_database>default</default_database>\n"
            " <mark_cache_size>67108864</mark_cache_size>\n <uncompressed_cache_size>67108864</uncompressed_cache_size>\n"
            "</yandex>\n").arg(dir_).arg(httpPort_).arg(tcpPort_);
        const QString users =
            "<?xml version=\"1.0\"?>\n<yandex>\n <profiles><default></default></profiles>\n"
            " <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>"
            "<profile>default</profile><quota>default</quota></default></users>\n"
            " <quotas><default></default></quotas>\n</yandex>\n";
        return writeFile(dir_ + "/config.xml", config.toUtf8()) && writeFile(dir_ + "/users.xml", users.toUtf8());
    }

    static bool writeFile(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    }

    QString binary_;
    QString dir_;
    int httpPort_ = 0;
    int tcpPort_ = 0;
    QString why_;
    std::unique_ptr<QProcess> process_;
};

} // namespace luacap::test

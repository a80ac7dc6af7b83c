// End-to-end test of the live API of a running `luacap capture` (as root, on the loopback
// interface): `luacap status` reads its counters, /records and the stream see the records it
// saves, a wrong token is refused, and a public address without a token is a config error;
// per-thread load, open sessions, Lua errors and maxStreams (stats contract, live-api.md).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <memory>
#include <unistd.h>

#include "support/run_luacap.h"

using namespace luacap::test;

class TestCaptureApi : public QObject {
    Q_OBJECT

    // Waits until the capture runs; the API URL it printed, or empty.
    static QString waitForApi(QProcess &p, QByteArray &seen)
    {
        if (!waitForStderr(p, "capturing", seen, 30000))
            return {};
        const QRegularExpression re("live API on (http://127\\.0\\.0\\.1:\\d+)");
        return re.match(QString::fromUtf8(seen)).captured(1);
    }

    static QJsonObject statusJson(const QString &url, const QString &token)
    {
        const RunResult r = runLuacap({"status", "--api", url, "--token", token, "--json"});
        return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject{};
    }

    // One short TCP conversation on loopback that ends with FIN both ways.
    static void makeTraffic()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(server.waitForNewConnection(5000));
        QTcpSocket *peer = server.nextPendingConnection();
        client.write("hello luacap\n");
        QVERIFY(client.waitForBytesWritten(5000));
        QVERIFY(peer->waitForReadyRead(5000));
        client.disconnectFromHost();
        peer->disconnectFromHost();
        if (peer->state() != QAbstractSocket::UnconnectedState)
            peer->waitForDisconnected(1000);
    }

private slots:
    void initTestCase()
    {
        if (geteuid() != 0)
            QSKIP("capturing on the loopback interface needs root");
    }

    void statusAndRecordsFromARunningDaemon()
    {
        const QString token = "0123456789abcdef-token";
        QProcess capture;
        capture.start(LUACAP_BINARY, {"capture", "-i", "lo", "--no-parsers", "--api", "127.0.0.1:0", "--option",
                                      "apiToken=" + token, "--option", "tcpTimeout=10", "--option",
                                      "tcpSaveTimeout=10", "--output", "/dev/null"});
        QVERIFY(capture.waitForStarted(10000));
        capture.setReadChannel(QProcess::StandardError);
        QByteArray seen;
        const QString url = waitForApi(capture, seen);
        QVERIFY2(!url.isEmpty(), seen.constData());

        makeTraffic();
        // Packets counted live, and the status command's table names the interface.
        QTRY_VERIFY_WITH_TIMEOUT(statusJson(url, token).value("packets").toInt() > 0, 20000);
        const RunResult table = runLuacap({"status", "--api", url, "--token", token});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("interfaces:") && table.out.contains(" lo "), table.out.constData());
        const RunResult refused = runLuacap({"status", "--api", url, "--token", "wrong-token-wrong-token"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("401"));

        // The conversation's record reaches the API once its session is saved.
        QTRY_VERIFY_WITH_TIMEOUT(statusJson(url, token).value("api").toObject().value("lastRecord").toInt() > 0, 60000);
        const QJsonObject stats = statusJson(url, token);
        QVERIFY(stats.value("api").toObject().value("unauthorized").toInt() >= 1);
        QVERIFY(stats.value("drops").toObject().contains("kernel"));

        capture.terminate();
        QVERIFY(capture.waitForFinished(30000));
        QCOMPARE(capture.exitCode(), 0);
    }

    // Ten UDP sessions over two packet threads with maxStreams=4 (two per thread): each table
    // keeps at most two open and saves its least recent session for every new one beyond;
    // a classifier that raises counts one Lua error per session.
    void perThreadLoadOpenSessionsAndMaxStreams()
    {
        QTemporaryDir dir;
        const QString script = dir.filePath("boom.lua");
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("function boom(session, str, direction) error(\"boom\") end\n"
                "ArkimeSession.register_udp_classifier(\"boom\", 0, \"\", \"boom\")\n");
        f.close();
        QProcess capture;
        capture.start(LUACAP_BINARY, {"capture", "-i", "lo", "--bpf", "udp port 19996", "--threads", "2",
                                      "--no-parsers", "--api", "127.0.0.1:0", "--option", "maxStreams=4", "--lua",
                                      script, "--output", "/dev/null"});
        QVERIFY(capture.waitForStarted(10000));
        capture.setReadChannel(QProcess::StandardError);
        QByteArray seen;
        const QString url = waitForApi(capture, seen);
        QVERIFY2(!url.isEmpty(), seen.constData());
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        for (int i = 0; i < 10; ++i) {
            sockets.push_back(std::make_unique<QUdpSocket>());
            QVERIFY(sockets.back()->bind(QHostAddress::LocalHost, 0));
            sockets.back()->writeDatagram("x", QHostAddress::LocalHost, 19996);
        }
        const auto threadPackets = [](const QJsonObject &stats) {
            int n = 0;
            for (const QJsonValue &t : stats.value("threads").toArray())
                n += t.toObject().value("packets").toInt();
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(threadPackets(statusJson(url, "")), 10, 20000);
        const QJsonObject stats = statusJson(url, "");
        const QJsonObject sessions = stats.value("sessions").toObject();
        const QJsonArray threads = stats.value("threads").toArray();
        QCOMPARE(threads.size(), 2);
        int open = 0;
        for (int i = 0; i < threads.size(); ++i) {
            const QJsonObject t = threads[i].toObject();
            QCOMPARE(t.value("thread").toInt(), i);
            QVERIFY2(t.value("sessionsOpen").toInt() <= 2, qPrintable(QJsonDocument(t).toJson()));
            QVERIFY(t.value("busy").toDouble() >= 0 && t.value("busy").toDouble() <= 1);
            QVERIFY(t.contains("queueDepth") && t.value("queueDepth").toInt() >= 0);
            open += t.value("sessionsOpen").toInt();
        }
        QCOMPARE(sessions.value("open").toInt(), open);
        QCOMPARE(open + sessions.value("forcedMaxStreams").toInt(), 10);
        QCOMPARE(sessions.value("saved").toInt(), sessions.value("forcedMaxStreams").toInt());
        QCOMPARE(stats.value("lua").toObject().value("errors").toInt(), 10);

        const RunResult table = runLuacap({"status", "--api", url});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("threads:") && table.out.contains("sessionsOpen") && table.out.contains("busy"),
                 table.out.constData());
        capture.terminate();
        QVERIFY(capture.waitForFinished(30000));
        QCOMPARE(capture.exitCode(), 0);
    }

    void publicAddressWithoutTokenIsRefused()
    {
        const RunResult r = runLuacap({"capture", "-i", "lo", "--api", "0.0.0.0:0", "--output", "/dev/null"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("needs apiToken"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCaptureApi)
#include "tst_capture_api.moc"

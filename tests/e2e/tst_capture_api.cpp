// End-to-end test of the live API of a running `luacap capture` (as root, on the loopback
// interface): `luacap status` reads its counters, /records and the stream see the records it
// saves, a wrong token is refused, and a public address without a token is a config error.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
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

    void publicAddressWithoutTokenIsRefused()
    {
        const RunResult r = runLuacap({"capture", "-i", "lo", "--api", "0.0.0.0:0", "--output", "/dev/null"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("needs apiToken"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCaptureApi)
#include "tst_capture_api.moc"

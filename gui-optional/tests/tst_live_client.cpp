// Tests of the live client and the window in live mode against a real api::LiveApiServer on
// loopback, fed through a TappedSink from another thread as the daemon's writer feeds it:
// records stream into the table, a wrong or missing token gives a clear message and no
// retries, a daemon restart on the same port is survived, and packets reach the detail pane.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <cstdio>
#include <QTreeWidget>
#include <memory>
#include <thread>

#include "detail_pane.h"
#include "live_api_server.h"
#include "main_window.h"
#include "record_history.h"
#include "session_filter_proxy.h"
#include "session_table_model.h"
#include "sparkline_widget.h"
#include "stats_panel.h"
#include "tapped_sink.h"
#include "viewer_test_main.h"

using namespace luacap;
using namespace luacap::viewer;

namespace {
QByteArray record(int n)
{
    const bool dns = n % 3 == 0;
    QJsonObject r{{"id", QString("s-%1").arg(n)}, {"firstPacket", qint64(1700000000000 + n)}, {"lastPacket", qint64(1700000000100 + n)},
                  {"source", QJsonObject{{"ip", "10.0.0.5"}, {"port", 1024 + n}}},
                  {"destination", QJsonObject{{"ip", "198.18.0.1"}, {"port", dns ? 53 : 80}}},
                  {"network", QJsonObject{{"packets", 4}, {"bytes", 400 + n}, {"community_id", QString("1:id/%1+").arg(n)}}},
                  {"protocol", dns ? QJsonArray{"udp", "dns"} : QJsonArray{"tcp", "http"}}};
    return QJsonDocument(r).toJson(QJsonDocument::Compact);
}

struct NullSink : engine::RecordSink {
    bool write(const std::string &) override { return true; }
    bool flush() override { return true; }
    std::string error() const override { return {}; }
};

// A daemon stand-in: history + server + the writer-side tap, on a given port.
struct Daemon {
    Daemon(quint16 port, const QString &token, api::LiveApiSources sources = {}, size_t historyRecords = 100000)
        : history(historyRecords)
    {
        api::LiveApiConfig config;
        config.port = port;
        config.token = token;
        config.streamBatchMs = 10;
        if (!sources.stats)
            sources.stats = [this] { return QJsonObject{{"packets", qint64(history.lastSequence() * 4)}}; };
        server = std::make_unique<api::LiveApiServer>(config, sources, history);
        tap = std::make_unique<api::TappedSink>(null, history, [s = server.get()] { s->recordsAvailable(); });
    }
    bool start()
    {
        QString error;
        const bool ok = server->start(&error);
        if (!ok)
            qWarning("server: %s", qPrintable(error));
        return ok;
    }
    // Writes records first..last from a thread of its own, as the writer thread would.
    void writeFromThread(int first, int last)
    {
        std::thread writer([&] {
            for (int n = first; n <= last; ++n)
                tap->write(record(n).toStdString());
        });
        writer.join();
    }
    QUrl url() const { return QUrl(QString("http://127.0.0.1:%1").arg(server->port())); }

    NullSink null;
    api::RecordHistory history;
    std::unique_ptr<api::LiveApiServer> server;
    std::unique_ptr<api::TappedSink> tap;
};
} // namespace

// LiveApiServer's destructor frees a still-connected stream client twice (its socket's
// "disconnected" re-enters dropClient during destruction; reported for api/). In-process
// tests therefore let the server see the viewer leave before destroying it.
void closeBeforeServerGoes(MainWindow &window, Daemon &daemon)
{
    window.client()->disconnectFromDaemon();
    QTRY_COMPARE(daemon.server->counters().streamClients, 0u);
}

// Starts `this-test --serve PORT tok` and returns the port it listens on (0 on failure).
quint16 startChildDaemon(QProcess &child, quint16 port)
{
    child.start(QCoreApplication::applicationFilePath(), {"--serve", QString::number(port), "tok"});
    if (!child.waitForStarted(10000))
        return 0;
    for (int i = 0; i < 100 && !child.canReadLine(); ++i)
        child.waitForReadyRead(200);
    const QByteArray line = child.readLine().trimmed();
    return line.startsWith("port ") ? quint16(line.mid(5).toUInt()) : 0;
}

// Child mode: a daemon stand-in until killed. Prints "port N" once listening; each stdin line
// "write A B" saves records A..B as the writer thread would.
int serve(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Daemon daemon(quint16(QByteArray(argv[2]).toUInt()), QString::fromLatin1(argv[3]));
    if (!daemon.start())
        return 1;
    std::printf("port %u\n", unsigned(daemon.server->port()));
    std::fflush(stdout);
    QFile input;
    input.open(stdin, QIODevice::ReadOnly);
    QSocketNotifier notifier(0, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        const QList<QByteArray> words = input.readLine().trimmed().split(' ');
        if (words.size() == 3 && words[0] == "write")
            daemon.writeFromThread(words[1].toInt(), words[2].toInt());
        else if (input.atEnd())
            app.quit();
    });
    return app.exec();
}

class TestLiveClient : public QObject {
    Q_OBJECT

private slots:
    void streamsRecordsIntoTheTable()
    {
        Daemon daemon(0, "s3cret");
        QVERIFY(daemon.start());
        daemon.writeFromThread(1, 100);   // saved before the viewer came: shown from the history
        MainWindow window;
        window.client()->setStatsInterval(50);
        window.connectToDaemon(daemon.url(), "s3cret");
        QTRY_COMPARE(window.client()->state(), LiveClient::State::Connected);
        QVERIFY(window.connectionLabel()->text().startsWith("Connected to http://127.0.0.1:"));
        QTRY_COMPARE(window.model()->rowCount(), 100);
        daemon.writeFromThread(101, 3000);
        QTRY_COMPARE_WITH_TIMEOUT(window.model()->rowCount(), 3000, 20000);
        for (int r = 0; r < 3000; ++r)
            QCOMPARE(window.model()->record(r).row.srcPort, 1024 + r + 1);
        QCOMPARE(window.client()->lastSequence(), 3000u);
        QTRY_VERIFY(!window.stats()->sparkline()->values().empty());

        // The filter box over live rows, and its inline error.
        window.filterEdit()->setText("protocol == dns && port.src < 1100");
        QVERIFY(window.applyFilter());
        QCOMPARE(window.proxy()->rowCount(), 25);   // n = 3, 6, ..., 75
        QVERIFY(window.filterError()->isHidden());
        window.filterEdit()->setText("colour == red");
        QVERIFY(!window.applyFilter());
        QVERIFY(!window.filterError()->isHidden());
        QVERIFY2(window.filterError()->text().startsWith("Invalid filter: position 1: unknown field 'colour'"), qPrintable(window.filterError()->text()));
        QCOMPARE(window.proxy()->rowCount(), 25);

        window.selectRow(0);
        const QJsonObject selected = QJsonDocument::fromJson(window.selectedRowJson()).object();
        QCOMPARE(selected.value("source").toObject().value("port").toInt(), 1024 + 3);
        QCOMPARE(window.detail()->record(), selected);
        closeBeforeServerGoes(window, daemon);
    }

    // Records that left the daemon's bounded history before the viewer asked are counted.
    void missedRecordsAreCounted()
    {
        Daemon daemon(0, {}, {}, 10);
        QVERIFY(daemon.start());
        daemon.writeFromThread(1, 30);
        MainWindow window;
        window.connectToDaemon(daemon.url(), {});
        QTRY_COMPARE(window.model()->rowCount(), 10);
        QCOMPARE(window.model()->record(0).row.srcPort, 1024 + 21);
        QTRY_VERIFY2(window.countsLabel()->text() == "10 sessions, 20 missed (the daemon's history moved on)",
                     qPrintable(window.countsLabel()->text()));
        closeBeforeServerGoes(window, daemon);
    }

    void wrongTokenShowsClearMessage_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong") << "nope" << "refused the token (401 Unauthorized): check the daemon's apiToken";
        QTest::newRow("missing") << "" << "needs a token (401 Unauthorized): enter the daemon's apiToken";
    }
    void wrongTokenShowsClearMessage()
    {
        QFETCH(QString, token);
        QFETCH(QString, message);
        Daemon daemon(0, "s3cret");
        QVERIFY(daemon.start());
        MainWindow window;
        window.client()->setBackoff(20, 50);
        window.connectToDaemon(daemon.url(), token);
        QTRY_COMPARE(window.client()->state(), LiveClient::State::Unauthorized);
        QVERIFY2(window.connectionLabel()->text().contains(message), qPrintable(window.connectionLabel()->text()));
        QTest::qWait(300);   // no retry loop hammering the daemon with a bad token
        QCOMPARE(daemon.server->counters().unauthorized, 1u);
        QCOMPARE(window.client()->state(), LiveClient::State::Unauthorized);
    }

    // A real daemon restart: the stand-in runs in a child process that is killed and started
    // again on the same port, numbering its records from 1 again.
    void reconnectsAfterDaemonRestart()
    {
        QProcess first;
        const quint16 port = startChildDaemon(first, 0);
        QVERIFY(port);
        LiveClient client;
        client.setBackoff(50, 400);
        SessionTableModel model;
        connect(&client, &LiveClient::recordsReceived, &model, &SessionTableModel::appendRecords);
        QList<LiveClient::State> states;
        connect(&client, &LiveClient::stateChanged, this, [&](LiveClient::State s, const QString &) { states << s; });
        client.connectTo(QUrl(QString("http://127.0.0.1:%1").arg(port)), "tok");
        QTRY_COMPARE(client.state(), LiveClient::State::Connected);
        first.write("write 1 10\n");
        QTRY_COMPARE(model.rowCount(), 10);

        first.kill();   // the daemon dies
        first.waitForFinished();
        QTRY_COMPARE(client.state(), LiveClient::State::Reconnecting);
        QVERIFY2(client.message().contains("retrying in"), qPrintable(client.message()));
        QTest::qWait(600);   // a few failed attempts while nobody listens

        QProcess second;
        QCOMPARE(startChildDaemon(second, port), port);
        second.write("write 1 3\n");
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), LiveClient::State::Connected, 10000);
        QTRY_COMPARE(model.rowCount(), 13);
        second.write("write 4 5\n");
        QTRY_COMPARE(model.rowCount(), 15);
        QCOMPARE(model.record(14).row.srcPort, 1024 + 5);
        QCOMPARE(client.lastSequence(), 5u);
        QVERIFY(states.count(LiveClient::State::Reconnecting) >= 2);
        client.disconnectFromDaemon();
        second.kill();
        second.waitForFinished();
    }

    void packetsReachTheDetailPane()
    {
        QByteArray pcap = QByteArray::fromHex("d4c3b2a1020004000000000000000000ffff000001000000");
        pcap += QByteArray::fromHex("00f1536500000000040000000400000061626364");   // one packet "abcd"
        api::LiveApiSources sources;
        sources.sessionPackets = [pcap](const QString &id, QString *error) -> std::optional<QByteArray> {
            if (id == "s-3")
                return pcap;
            *error = "no packets stored for " + id;
            return std::nullopt;
        };
        Daemon daemon(0, {}, sources);
        QVERIFY(daemon.start());
        MainWindow window;
        window.connectToDaemon(daemon.url(), {});
        QTRY_COMPARE(window.client()->state(), LiveClient::State::Connected);
        daemon.writeFromThread(1, 4);
        QTRY_COMPARE(window.model()->rowCount(), 4);
        window.selectRow(2);   // id "s-3"
        emit window.detail()->packetsRequested(window.detail()->record());
        QTRY_VERIFY2(window.detail()->packetText().contains("0000  61 62 63 64"), qPrintable(window.detail()->packetText()));
        QSignalSpy failed(window.client(), &LiveClient::packetsFailed);
        window.client()->fetchPackets("s-2");
        QVERIFY(failed.wait(5000));
        QVERIFY2(failed.first().at(1).toString().contains("HTTP 404: ") &&
                     failed.first().at(1).toString().contains("no packets stored for s-2"),
                 qPrintable(failed.first().at(1).toString()));
        closeBeforeServerGoes(window, daemon);
    }
};

int main(int argc, char **argv)
{
    if (argc == 4 && QByteArray(argv[1]) == "--serve")
        return serve(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    TestLiveClient test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_live_client.moc"

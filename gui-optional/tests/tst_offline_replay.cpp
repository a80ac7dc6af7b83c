// Tests of offline mode: a luacap-pcapgen capture replayed in-process gives one row per
// generated flow (the summary is the ground truth), its packets can be cut out of the file
// for the detail pane, and Lua errors (load-time and run-time) reach the errors panel with a
// clickable script:line. Also cancel (the engine stops early) and abandon.
#include <QFile>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "detail_pane.h"
#include "forwarding_sink.h"
#include "lua_errors_panel.h"
#include "main_window.h"
#include "offline_packets.h"
#include "offline_replay.h"
#include "pcap_packets.h"
#include "session_filter_proxy.h"
#include "session_table_model.h"
#include "viewer_test_main.h"

using namespace luacap::viewer;

class TestOfflineReplay : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString pcap_;
    QJsonObject summary_;

    QString writeFile(const QString &name, const QByteArray &text)
    {
        QFile f(dir_.filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size())
            return {};
        return f.fileName();
    }

    int flowsOf(const QString &app) const
    {
        int n = 0;
        for (const QJsonValue &f : summary_.value("flows").toArray())
            n += f.toObject().value("app").toString() == app;
        return n;
    }

    static OfflineReplay::Result replay(OfflineReplay &replay, SessionTableModel &model, const QString &pcap,
                                        const QStringList &lua = {})
    {
        QObject::connect(&replay, &OfflineReplay::recordsReady, &model, &SessionTableModel::appendRecords);
        QSignalSpy finished(&replay, &OfflineReplay::finished);
        if (!replay.start(pcap, lua, 2) || !finished.wait(300000))
            return {};
        return finished.first().first().value<OfflineReplay::Result>();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        pcap_ = dir_.filePath("flows.pcap");
        QProcess gen;
        gen.start(LUACAP_PCAPGEN, {"-o", pcap_, "--flows", "80", "--seed", "9", "--summary", dir_.filePath("flows.json")});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        QFile summary(dir_.filePath("flows.json"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        summary_ = QJsonDocument::fromJson(summary.readAll()).object();
        QCOMPARE(summary_.value("flowCount").toInt(), 80);
    }

    void replayGivesOneRowPerFlow()
    {
        OfflineReplay offline;
        SessionTableModel model;
        QSignalSpy progress(&offline, &OfflineReplay::progress);
        const OfflineReplay::Result result = replay(offline, model, pcap_);
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join('\n')));
        QVERIFY(!result.cancelled);
        QCOMPARE(result.records, 80u);
        QCOMPARE(qint64(result.packets), summary_.value("packets").toInteger());
        QCOMPARE(model.rowCount(), 80);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().first().toULongLong(), 80u);
        // Progress through the file: the last session's packets reach near its end.
        const int percent = progress.last().at(1).toInt();
        QVERIFY2(percent >= 90 && percent <= 100, qPrintable(QString::number(percent)));
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        for (const char *app : {"http", "dns", "tls", "smtp"}) {
            QString error;
            QVERIFY(proxy.setFilterExpression(QString("protocol == %1").arg(app), &error));
            QCOMPARE(proxy.rowCount(), flowsOf(app));
        }
        QVERIFY(!offline.running());

        // The table's columns are read the way `luacap query`'s SessionRow reads them.
        for (int r = 0; r < model.rowCount(); ++r) {
            luacap::engine::SessionRow expected;
            QVERIFY(expected.parse(model.record(r).json.toStdString()));
            const luacap::engine::SessionRow &got = model.record(r).row;
            QCOMPARE(got.toJsonEachRow("", "b"), expected.toJsonEachRow("", "b"));
        }
    }

    // The detail pane's packets for an offline session: cut out of the replayed file.
    void packetsOfAReplayedSession()
    {
        OfflineReplay offline;
        SessionTableModel model;
        replay(offline, model, pcap_);
        QCOMPARE(model.rowCount(), 80);
        for (int r = 0; r < model.rowCount(); r += 7) {
            const QJsonObject record = QJsonDocument::fromJson(model.record(r).json).object();
            QString error;
            const QByteArray pcap = OfflinePackets::extract(pcap_, record, &error);
            QVERIFY2(!pcap.isEmpty(), qPrintable(error));
            PcapPackets packets;
            QVERIFY2(packets.parse(pcap, &error), qPrintable(error));
            QCOMPARE(packets.packets.size(), record.value("packetPos").toArray().size());
            QCOMPARE(qint64(packets.packets.size()), record.value("network").toObject().value("packets").toInteger());
        }
        QString error;
        QVERIFY(OfflinePackets::extract(pcap_, QJsonObject{}, &error).isEmpty());
        QCOMPARE(error, QString("the record has no packet positions"));
    }

    void luaLoadErrorIsReported()
    {
        const QString bad = writeFile("bad.lua", "local x = 1\nthis is not lua\n");
        OfflineReplay offline;
        SessionTableModel model;
        const OfflineReplay::Result result = replay(offline, model, pcap_, {bad});
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().startsWith("lua: " + bad + ":2:"), qPrintable(result.errors.first()));
        QCOMPARE(model.rowCount(), 0);
    }

    void luaRuntimeErrorsReachThePanel()
    {
        const QString boom = writeFile("boom.lua",
            "function cls(session, str, direction)\n"
            "  error(\"boom\")\n"
            "end\n"
            "ArkimeSession.register_tcp_classifier(\"all\", 0, \"\", \"cls\")\n");
        MainWindow window;
        QSignalSpy finished(window.replay(), &OfflineReplay::finished);
        window.openCapture(pcap_, {boom});
        QVERIFY(finished.wait(300000));
        QCOMPARE(window.model()->rowCount(), 80);   // the run goes on
        LuaErrorsPanel *panel = window.luaErrors();
        QVERIFY(panel->count() >= 1);
        const QString line = panel->item(0)->text();
        QVERIFY2(line.contains("boom.lua:2: boom"), qPrintable(line));
        QString file;
        int number = 0;
        QVERIFY(LuaErrorsPanel::location(line, &file, &number));
        QVERIFY2(file.endsWith("boom.lua"), qPrintable(file));
        QCOMPARE(number, 2);
        QVERIFY2(window.connectionLabel()->text().startsWith("Replayed flows.pcap: "), qPrintable(window.connectionLabel()->text()));

        // Offline detail: selecting a row shows its tree; its packets come from the file.
        window.selectRow(0);
        emit window.detail()->packetsRequested(window.detail()->record());
        QVERIFY(window.detail()->packetText().startsWith("Packet 1  2023-11-14"));
    }

    void packetPositionFromText_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<qint64>("position");
        QTest::newRow("list") << QByteArray(R"({"packetLen":[74],"packetPos":[24,98,2048],"x":[7]})") << qint64(2048);
        QTest::newRow("one") << QByteArray(R"({"packetPos":[959]})") << qint64(959);
        QTest::newRow("empty") << QByteArray(R"({"packetPos":[]})") << qint64(-1);
        QTest::newRow("none") << QByteArray(R"({"packetLen":[74]})") << qint64(-1);
    }
    void packetPositionFromText()
    {
        QFETCH(QByteArray, json);
        QFETCH(qint64, position);
        QCOMPARE(ForwardingSink::lastPacketPosition(json.toStdString()), position);
    }

    void errorLocations_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("number");
        QTest::newRow("runtime") << "lua error: function 'cls' at /tmp/a b/x.lua:11: unknown field (3 times)" << "b/x.lua" << 11;
        QTest::newRow("load") << "lua: /tmp/bad.lua:2: syntax error near 'is'" << "/tmp/bad.lua" << 2;
        QTest::newRow("none") << "lua error: function 'missing' is not defined" << "" << 0;
    }
    void errorLocations()
    {
        QFETCH(QString, line);
        QFETCH(QString, file);
        QFETCH(int, number);
        QString gotFile;
        int gotNumber = 0;
        QCOMPARE(LuaErrorsPanel::location(line, &gotFile, &gotNumber), !file.isEmpty());
        QCOMPARE(gotFile, file);
        QCOMPARE(gotNumber, number);
    }

    // abandon() (a new capture or a live connection): reported at once, nothing more arrives.
    void abandonStopsRowsAtOnce()
    {
        OfflineReplay offline;
        SessionTableModel model;
        connect(&offline, &OfflineReplay::recordsReady, &model, &SessionTableModel::appendRecords);
        QSignalSpy finished(&offline, &OfflineReplay::finished);
        QVERIFY(offline.start(pcap_, {}, 1));
        QVERIFY(!offline.start(pcap_, {}, 1));   // one run at a time
        offline.abandon();
        QCOMPARE(finished.size(), 1);
        QVERIFY(finished.first().first().value<OfflineReplay::Result>().cancelled);
        const int rows = model.rowCount();
        QTest::qWait(1000);   // the engine stops in the background; nothing more arrives
        QCOMPARE(model.rowCount(), rows);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!offline.running());
    }

    // The Cancel button stops the engine's reader: a large capture ends early, the sessions
    // read so far are all in the table, and the progress bar and button go away.
    void cancelButtonStopsTheReplay()
    {
        const QString big = dir_.filePath("big.pcap");
        QProcess gen;
        gen.start(LUACAP_PCAPGEN, {"-o", big, "--flows", "6000", "--concurrency", "200", "--seed", "9",
                                   "--summary", dir_.filePath("big.json")});
        QVERIFY(gen.waitForFinished(120000));
        QCOMPARE(gen.exitCode(), 0);
        QFile summary(dir_.filePath("big.json"));
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const qint64 filePackets = QJsonDocument::fromJson(summary.readAll()).object().value("packets").toInteger();

        // Every new session costs the packet thread some Lua work, so even a release build
        // reads the file for a second or more and the click lands while it is being read.
        const QString slow = dir_.filePath("slow.lua");
        QFile script(slow);
        QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
        script.write("function slow(session, str, direction)\n  local x = 0\n"
                     "  for i = 1, 50000 do x = x + i end\nend\n"
                     "ArkimeSession.register_tcp_classifier(\"slow\", 0, \"\", \"slow\")\n"
                     "ArkimeSession.register_udp_classifier(\"slow\", 0, \"\", \"slow\")\n");
        script.close();

        MainWindow window;
        QSignalSpy finished(window.replay(), &OfflineReplay::finished);
        window.openCapture(big, {slow});
        QVERIFY(window.progressBar()->isVisibleTo(&window));
        QTest::qWait(150);
        QVERIFY(window.replay()->running());
        QTest::mouseClick(window.cancelButton(), Qt::LeftButton);
        QVERIFY(window.replay()->cancelling());
        QVERIFY(!window.cancelButton()->isEnabled());
        QElapsedTimer stopping;
        stopping.start();
        QVERIFY(finished.wait(60000));
        const auto result = finished.first().first().value<OfflineReplay::Result>();
        QVERIFY(result.cancelled);
        QVERIFY2(qint64(result.packets) < filePackets,
                 qPrintable(QString("read %1 of %2 packets").arg(result.packets).arg(filePackets)));
        QCOMPARE(quint64(window.model()->rowCount()), result.records);
        QVERIFY(!window.progressBar()->isVisibleTo(&window));
        QVERIFY(!window.cancelButton()->isVisibleTo(&window));
        QVERIFY2(window.connectionLabel()->text().startsWith("Replay of big.pcap cancelled: "),
                 qPrintable(window.connectionLabel()->text()));
        qInfo("cancel to finished: %lld ms, %llu of %lld packets read, %llu sessions", stopping.elapsed(),
              result.packets, filePackets, result.records);
    }
};

LUACAP_VIEWER_TEST_MAIN(TestOfflineReplay)
#include "tst_offline_replay.moc"

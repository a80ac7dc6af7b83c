// End-to-end test of SIGHUP in a running `luacap capture` (as root, capturing UDP on the
// loopback interface): the Lua files are reloaded between batches, sessions opened before the
// reload keep the old scripts, later ones get the new ones, a broken file keeps the running
// scripts with a file:line error, and no session is lost; SIGHUP without Lua is harmless.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <csignal>
#include <memory>
#include <unistd.h>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
constexpr quint16 kPort = 19997;

void writeScript(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

QByteArray taggingScript(const QByteArray &tag)
{
    return "function tag(session, final)\n  session:add_tag(\"" + tag + "\")\nend\n"
           "ArkimeSession.register_save(\"tag\")\n";
}

// One datagram from each of n new sockets: n sessions; their source ports.
QList<int> sendSessions(int n, std::vector<std::unique_ptr<QUdpSocket>> &keep)
{
    QList<int> ports;
    for (int i = 0; i < n; ++i) {
        auto socket = std::make_unique<QUdpSocket>();
        socket->bind(QHostAddress::LocalHost, 0);
        socket->writeDatagram("luacap reload test", QHostAddress::LocalHost, kPort);
        ports.append(socket->localPort());
        keep.push_back(std::move(socket));   // a closed port could be reused by a later session
    }
    return ports;
}

// The tags of each record, by source port.
QMap<int, QStringList> tagsByPort(const QByteArray &out)
{
    QMap<int, QStringList> tags;
    for (const QJsonObject &r : parseRecords(out)) {
        QStringList list;
        for (const QJsonValue &v : valueAt(r, "tags").toArray())
            list.append(v.toString());
        tags[valueAt(r, "source.port").toInt()] += list;
    }
    return tags;
}
} // namespace

class TestCaptureReload : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static void startDaemon(QProcess &p, const QStringList &extra, QByteArray &err)
    {
        p.start(LUACAP_BINARY, QStringList{"capture", "-i", "lo", "--bpf", "udp port " + QString::number(kPort),
                                           "--threads", "2", "--api", "127.0.0.1:0", "--option", "udpTimeout=1",
                                           "--stats", "json"} +
                                   extra);
        QVERIFY(p.waitForStarted(10000));
        QVERIFY2(waitForStderr(p, "capturing", err, 30000), err.constData());
    }

    static bool hasThread(qint64 pid, const QByteArray &name)
    {
        const QDir tasks(QString("/proc/%1/task").arg(pid));
        for (const QString &t : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(tasks.filePath(t + "/comm"));
            if (comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == name)
                return true;
        }
        return false;
    }

    // The live API's stats (its address is in the daemon's stderr).
    static QJsonObject apiStats(const QByteArray &err)
    {
        const QRegularExpression re("live API on (http://127\\.0\\.0\\.1:\\d+)");
        const QString url = re.match(QString::fromUtf8(err)).captured(1);
        return QJsonDocument::fromJson(runLuacap({"status", "--api", url, "--json"}).out).object();
    }

    // Packets the packet threads processed so far (the live API's per-thread counters).
    static int processed(const QByteArray &err)
    {
        int n = 0;
        for (const QJsonValue &t : apiStats(err).value("threads").toArray())
            n += t.toObject().value("packets").toInt();
        return n;
    }

    // With udpTimeout=1 every session is written about a second after its packet: waiting for
    // n records makes sure the last packets were captured before SIGTERM stops the readers.
    static void waitForRecords(QProcess &p, QByteArray &out, int n)
    {
        QElapsedTimer t;
        t.start();
        while (out.count('\n') < n && t.elapsed() < 20000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
        }
    }

    static void stop(QProcess &p, QByteArray &out, QByteArray &err)
    {
        const bool running = signalProcess(p, SIGTERM);
        const bool finished = p.waitForFinished(30000);
        out += p.readAllStandardOutput();
        err += p.readAllStandardError();
        QVERIFY2(running, ("the daemon ended before SIGTERM: " + err).constData());
        QVERIFY(finished);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, err.constData());
    }

private slots:
    void initTestCase()
    {
        if (geteuid() != 0)
            QSKIP("capturing on the loopback interface needs root");
    }

    // v1 for the sessions before the reload, v2 after it; a broken file changes nothing.
    void reloadSwapsScriptsWithoutLosingSessions()
    {
        const QString script = dir_.filePath("reload.lua");
        writeScript(script, taggingScript("v1"));
        QProcess p;
        QByteArray err, out;
        startDaemon(p, {"--lua", script}, err);
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        const QList<int> before = sendSessions(10, sockets);
        QTRY_COMPARE_WITH_TIMEOUT(processed(err), 10, 20000);   // the sessions exist before the reload

        writeScript(script, taggingScript("v2"));
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY2(waitForStderr(p, "Lua files reloaded (reload 1)", err, 20000), err.constData());
        const QList<int> after = sendSessions(10, sockets);

        writeScript(script, "function tag(session, final)\n  session:add_tag(\"v3\"\nend\n");
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY2(waitForStderr(p, "reload failed", err, 20000), err.constData());
        const QList<int> afterBroken = sendSessions(10, sockets);
        const QJsonObject lua = apiStats(err).value("lua").toObject();
        QCOMPARE(lua.value("reloads").toInt(), 1);
        QCOMPARE(lua.value("reloadFailures").toInt(), 1);
        QCOMPARE(lua.value("threadReloadFailures").toInt(), 0);
        waitForRecords(p, out, 30);
        stop(p, out, err);

        QVERIFY2(err.contains("reload failed, the running scripts stay: lua: " + script.toUtf8() + ":3:"),
                 err.constData());
        const QMap<int, QStringList> tags = tagsByPort(out);
        QCOMPARE(tags.size(), 30);   // one record per session: none lost, none split
        for (int port : before)
            QCOMPARE(tags.value(port), QStringList{"v1"});
        for (int port : after + afterBroken)
            QCOMPARE(tags.value(port), QStringList{"v2"});
    }

    // A session open across the reload finishes with the scripts it started with: its later
    // packets do not meet the new state, and its single record carries the old tag.
    void openSessionKeepsItsScripts()
    {
        const QString script = dir_.filePath("open.lua");
        writeScript(script, taggingScript("old"));
        QProcess p;
        QByteArray err, out;
        startDaemon(p, {"--lua", script, "--option", "udpTimeout=30"}, err);
        QUdpSocket socket;
        QVERIFY(socket.bind(QHostAddress::LocalHost, 0));
        socket.writeDatagram("first", QHostAddress::LocalHost, kPort);
        QTRY_COMPARE_WITH_TIMEOUT(processed(err), 1, 20000);
        writeScript(script, taggingScript("new"));
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY2(waitForStderr(p, "Lua files reloaded", err, 20000), err.constData());
        socket.writeDatagram("second", QHostAddress::LocalHost, kPort);
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        const QList<int> fresh = sendSessions(1, sockets);
        QTRY_COMPARE_WITH_TIMEOUT(processed(err), 3, 20000);
        stop(p, out, err);
        const QList<QJsonObject> records = parseRecords(out);
        QCOMPARE(records.size(), 2);
        const QMap<int, QStringList> tags = tagsByPort(out);
        QCOMPARE(tags.value(socket.localPort()), QStringList{"old"});
        QCOMPARE(tags.value(fresh.first()), QStringList{"new"});
        for (const QJsonObject &r : records) {
            if (valueAt(r, "source.port").toInt() == socket.localPort())
                QCOMPARE(valueAt(r, "source.packets").toInt(), 2);
        }
    }

    // -r goes through the same reload: a SIGHUP while a long file is read splits the records
    // into v1 and v2 ones, and every session still has exactly one record.
    void reloadWhileReadingFiles()
    {
        const QString pcap = dir_.filePath("long.pcap");
        QVERIFY(runPcapgen({"--flows", "100000", "--concurrency", "2000", "--mix", "dns=100", "--seed", "3", "-o",
                            pcap})
                    .exitCode == 0);
        const QString script = dir_.filePath("files.lua");
        // Each new session costs the packet threads some work, so reading the file takes
        // seconds even in a release build and the SIGHUP lands while it is still being read.
        const QByteArray slow = "function slow(session, str, direction)\n  local x = 0\n"
                                "  for i = 1, 10000 do x = x + i end\nend\n"
                                "ArkimeSession.register_udp_classifier(\"slow\", 0, \"\", \"slow\")\n";
        writeScript(script, taggingScript("v1") + slow);
        QProcess p;
        p.start(LUACAP_BINARY, {"capture", "-r", pcap, "--threads", "2", "--stats", "json", "--lua", script});
        QVERIFY(p.waitForStarted(10000));
        // The reader thread exists once the signal handlers are installed.
        QTRY_VERIFY_WITH_TIMEOUT(hasThread(p.processId(), "luacap-reader"), 30000);
        QTest::qWait(300);
        writeScript(script, taggingScript("v2") + slow);
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY(p.waitForFinished(300000));
        const QByteArray out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, err.constData());
        QVERIFY2(err.contains("Lua files reloaded (reload 1)"), err.constData());
        const QJsonObject stats = QJsonDocument::fromJson(err.trimmed().split('\n').last()).object();
        int v1 = 0, v2 = 0, records = 0;
        for (const QJsonObject &r : parseRecords(out)) {
            const QJsonArray tags = valueAt(r, "tags").toArray();
            QCOMPARE(tags.size(), 1);
            v1 += tags.first().toString() == "v1", v2 += tags.first().toString() == "v2", ++records;
        }
        QCOMPARE(qint64(records), stats.value("sessions").toInteger());
        QCOMPARE(v1 + v2, records);
        QVERIFY2(v1 > 0 && v2 > 0, qPrintable(QString("v1 %1, v2 %2").arg(v1).arg(v2)));
    }

    // Fields are fixed while the packet threads run: a reload that defines a new one is refused
    // and the running scripts stay.
    void reloadThatAddsAFieldIsRefused()
    {
        const QString script = dir_.filePath("fields.lua");
        writeScript(script, taggingScript("kept"));
        QProcess p;
        QByteArray err, out;
        startDaemon(p, {"--lua", script}, err);
        writeScript(script, "Arkime.define_field(\"reload.added\", \"kind:integer;db:reload.added\")\n" +
                                taggingScript("new"));
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY2(waitForStderr(p, "reload failed", err, 20000), err.constData());
        QVERIFY2(err.contains("define fields the running daemon does not have (reload.added): restart luacap"),
                 err.constData());
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        const QList<int> ports = sendSessions(2, sockets);
        waitForRecords(p, out, 2);
        stop(p, out, err);
        const QMap<int, QStringList> tags = tagsByPort(out);
        for (int port : ports)
            QCOMPARE(tags.value(port), QStringList{"kept"});
    }

    void reloadWithoutLuaIsHarmless()
    {
        QProcess p;
        QByteArray err, out;
        startDaemon(p, {}, err);
        QVERIFY(signalProcess(p, SIGHUP));
        QVERIFY2(waitForStderr(p, "no Lua files configured, nothing to reload", err, 20000), err.constData());
        std::vector<std::unique_ptr<QUdpSocket>> sockets;
        sendSessions(3, sockets);
        waitForRecords(p, out, 3);
        stop(p, out, err);
        QCOMPARE(parseRecords(out).size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestCaptureReload)
#include "tst_capture_reload.moc"

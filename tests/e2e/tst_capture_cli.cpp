// End-to-end tests of `luacap capture` without a network namespace: --check-config verdicts
// and messages, -r files giving the same records as replay, and (as root) the drop to
// dropUser/dropGroup before any packet thread starts, then a clean SIGTERM exit.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>
#include <csignal>
#include <pwd.h>
#include <unistd.h>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text);
    return path;
}

// The real, effective, saved and filesystem ids of one /proc status line ("Uid:" or "Gid:").
QStringList idsOf(const QString &statusPath, const QString &field)
{
    QFile f(statusPath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field.toUtf8()))
            return QString::fromUtf8(line.mid(field.size())).split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    }
    return {};
}

} // namespace

class TestCaptureCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void checkConfig_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("valid") << QByteArray("[default]\ninterface=eth0;eth1\nbpf=tcp\nsnapLen=9000\ntcpTimeout=60\n")
                               << QStringList{} << 0 << "config ok";
        QTest::newRow("unknown key") << QByteArray("[default]\ninterface=eth0\n\nsnaplen=9000\n") << QStringList{} << 2
                                     << "bad.ini:4: [default] snaplen=9000: unknown setting";
        QTest::newRow("bad value") << QByteArray("[default]\ninterface=eth0\nudpTimeout=soon\n") << QStringList{} << 2
                                   << "bad.ini:3: [default] udpTimeout=soon: not an integer";
        QTest::newRow("ignored arkime key") << QByteArray("[default]\ninterface=eth0\nplugins=tagger.so\n")
                                            << QStringList{} << 2 << "plugins=tagger.so: Arkime setting that luacap does not implement";
        QTest::newRow("bad override") << QByteArray("[default]\ninterface=eth0\n")
                                      << QStringList{"--option", "snapLen=1"} << 2
                                      << "--option:2: [default] snapLen=1: out of range 64..262144";
        QTest::newRow("no such user") << QByteArray("[default]\ninterface=eth0\ndropUser=luacap-no-such-user\n")
                                      << QStringList{} << 2 << "dropUser=luacap-no-such-user: no such user";
        QTest::newRow("no interface") << QByteArray("[default]\ntcpTimeout=60\n") << QStringList{} << 2
                                      << "nothing to capture";
        QTest::newRow("lua error") << QByteArray("[default]\ninterface=eth0\n")
                                   << QStringList{"--lua", "/nonexistent/luacap-test.lua"} << 2 << "lua:";
    }

    void checkConfig()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const QString path = writeFile(dir_, "bad.ini", ini);
        const RunResult r = runLuacap(QStringList{"capture", "--check-config", "--config", path} + extra);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.out + r.err).contains(message), (r.out + r.err).constData());
    }

    // -r goes through the replay pipeline: the records are replay's, byte for byte.
    void readFilesLikeReplay()
    {
        const QString pcap = dir_.filePath("r.pcap");
        QVERIFY(runPcapgen({"--flows", "120", "--seed", "7", "-o", pcap}).exitCode == 0);
        const QString sub = dir_.filePath("pcaps");
        QVERIFY(QDir().mkpath(sub));
        QVERIFY(QFile::copy(pcap, sub + "/a.pcap"));
        const RunResult replay = runLuacap({"replay", "--threads", "2", "--stats", "none", pcap});
        QCOMPARE(replay.exitCode, 0);
        const RunResult file = runLuacap({"capture", "-r", pcap, "--threads", "2", "--stats", "none"});
        QVERIFY2(file.exitCode == 0, file.err.constData());
        QCOMPARE(file.out, replay.out);
        const RunResult directory = runLuacap({"capture", "-r", sub, "--threads", "2", "--stats", "none"});
        QVERIFY2(directory.exitCode == 0, directory.err.constData());
        QCOMPARE(parseRecords(directory.out).size(), parseRecords(replay.out).size());
    }

    // maxStreams (split over the packet threads) caps each table: a new session beyond it
    // first saves the least recent one, as Arkime's idle queue does. Nothing is dropped:
    // every session packet is in some record, only more records (split flows) appear.
    void maxStreamsSavesLeastRecentSession_data()
    {
        QTest::addColumn<QString>("threads");
        QTest::addColumn<int>("maxStreams");
        QTest::addColumn<bool>("forced");
        QTest::newRow("one thread, 8") << "1" << 8 << true;
        QTest::newRow("two threads, 8") << "2" << 8 << true;
        QTest::newRow("default") << "2" << 0 << false;
    }

    void maxStreamsSavesLeastRecentSession()
    {
        QFETCH(QString, threads);
        QFETCH(int, maxStreams);
        QFETCH(bool, forced);
        const QString pcap = dir_.filePath("streams.pcap");
        if (!QFile::exists(pcap))
            QVERIFY(runPcapgen({"--flows", "300", "--concurrency", "60", "--seed", "11", "-o", pcap}).exitCode == 0);
        QStringList args{"capture", "-r", pcap, "--threads", threads, "--stats", "json"};
        if (maxStreams > 0)
            args += QStringList{"--option", "maxStreams=" + QString::number(maxStreams)};
        const RunResult r = runLuacap(args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject stats = QJsonDocument::fromJson(r.err.trimmed().split('\n').last()).object();
        const int count = stats.value("sessionsForcedMaxStreams").toInt();
        QCOMPARE(count > 0, forced);
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(qint64(records.size()), stats.value("records").toInteger());
        qint64 packets = 0;
        for (const QJsonObject &record : records)
            packets += valueAt(record, "source.packets").toInteger() + valueAt(record, "destination.packets").toInteger();
        QCOMPARE(packets, stats.value("sessionPackets").toInteger());
        if (forced)
            QVERIFY2(records.size() > 300, qPrintable(QString::number(records.size())));
        else
            QCOMPARE(records.size(), 300);
    }

    void missingInterfaceFails()
    {
        const RunResult r = runLuacap({"capture", "-i", "luacap-no-such-if0", "--stats", "none"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("luacap-no-such-if0"), r.err.constData());
    }

    // A quiet link still moves time on: an idle session times out (wall clock) and its record
    // reaches the output while the daemon keeps running, before any signal.
    void idleSessionSavedWhileRunning()
    {
        if (geteuid() != 0)
            QSKIP("needs root to capture on lo");
        QProcess p;
        p.start(QStringLiteral(LUACAP_BINARY), {"capture", "-i", "lo", "--bpf", "udp port 19999", "--threads", "3",
                                                "--option", "udpTimeout=1", "--stats", "none"});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForStderr(p, "capturing", err, 20000), err.constData());
        QUdpSocket udp;
        for (int i = 0; i < 3; ++i)
            udp.writeDatagram("ping", QHostAddress::LocalHost, 19999);
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains('\n') && t.elapsed() < 15000) {
            p.waitForReadyRead(200);
            out += p.readAllStandardOutput();
        }
        QVERIFY2(out.contains('\n'), "no record of the idle session before SIGTERM");
        QVERIFY(signalProcess(p, SIGTERM));
        QVERIFY(p.waitForFinished(20000));
        out += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 0);
        const QList<QJsonObject> records = parseRecords(out);
        QCOMPARE(records.size(), 1);
        QCOMPARE(valueAt(records.first(), "destination.port").toInt(), 19999);
        QCOMPARE(valueAt(records.first(), "source.packets").toInt(), 3);
    }

    // As root: interfaces open as root, then every thread of the daemon runs as nobody.
    void dropsPrivileges()
    {
        if (geteuid() != 0)
            QSKIP("needs root to open an interface and change user");
        const passwd *nobody = getpwnam("nobody");
        if (!nobody)
            QSKIP("no user 'nobody' on this machine");
        QProcess p;
        p.start(QStringLiteral(LUACAP_BINARY), {"capture", "-i", "lo", "--bpf", "udp port 9", "--threads", "2",
                                                "--option", "dropUser=nobody", "--stats", "json"});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForStderr(p, "capturing", err, 20000), err.constData());
        const QString uid = QString::number(nobody->pw_uid);
        const QString gid = QString::number(nobody->pw_gid);
        const QDir tasks(QString("/proc/%1/task").arg(p.processId()));
        const QStringList threads = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QVERIFY2(threads.size() >= 4, qPrintable(threads.join(',')));   // main, reader, 2 packet, writer
        for (const QString &t : threads) {
            const QString status = tasks.filePath(t + "/status");
            QCOMPARE(idsOf(status, "Uid:"), (QStringList{uid, uid, uid, uid}));
            QCOMPARE(idsOf(status, "Gid:"), (QStringList{gid, gid, gid, gid}));
        }
        QVERIFY(signalProcess(p, SIGTERM));
        QVERIFY(p.waitForFinished(20000));
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 0, err.constData());
        const QByteArray last = err.trimmed().split('\n').last();
        const QJsonObject stats = QJsonDocument::fromJson(last).object();
        QVERIFY2(stats.contains("interfaces"), last.constData());
    }
};

QTEST_GUILESS_MAIN(TestCaptureCli)
#include "tst_capture_cli.moc"

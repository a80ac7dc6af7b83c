// Live capture for real: a veth pair with one end in a private network namespace; luacap
// capture listens on the other end while tcpreplay sends a generated pcap into it. SIGTERM
// then must save every open session (the Lua save callback runs for each) and flush: the
// per-flow packet and byte counts must equal luacap-pcapgen's ground truth.
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <unistd.h>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
QString flowKey(const QJsonObject &o)
{
    return QString("%1 %2:%3 %4:%5")
        .arg(o.value("ipProtocol").toInteger())
        .arg(valueAt(o, "source.ip").toString())
        .arg(valueAt(o, "source.port").toInteger())
        .arg(valueAt(o, "destination.ip").toString())
        .arg(valueAt(o, "destination.port").toInteger());
}

bool sh(const QStringList &args, QByteArray *err = nullptr)
{
    const RunResult r = runProgram(args.first(), args.mid(1), 60000);
    if (err)
        *err = r.out + r.err;
    return r.exitCode == 0 && !r.crashed;
}

} // namespace

class TestCaptureLive : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString ns_, outer_, inner_, outer2_, inner2_;
    bool haveNamespace_ = false;

    // Names unique per test process, so parallel runs do not collide.
    void makeNames()
    {
        const QString id = QString::number(getpid());
        ns_ = "luacap-t" + id;
        outer_ = "lco" + id;
        inner_ = "lci" + id;
        outer2_ = "lcp" + id;
        inner2_ = "lcj" + id;
    }

    // A veth pair, inner end in the namespace, no IPv6, MTU above the generated frames' 1538.
    bool addPair(const QString &outer, const QString &inner, QByteArray *err)
    {
        if (!sh({"ip", "link", "add", outer, "type", "veth", "peer", "name", inner}, err) ||
            !sh({"ip", "link", "set", inner, "netns", ns_}, err))
            return false;
        // No IPv6 on either end: router solicitations would be extra sessions.
        sh({"sysctl", "-qw", "net.ipv6.conf." + outer + ".disable_ipv6=1"});
        sh({"ip", "netns", "exec", ns_, "sysctl", "-qw", "net.ipv6.conf." + inner + ".disable_ipv6=1"});
        return sh({"ip", "link", "set", outer, "mtu", "9000", "up"}, err) &&
               sh({"ip", "netns", "exec", ns_, "ip", "link", "set", inner, "mtu", "9000", "up"}, err);
    }

    QJsonArray generate(const QStringList &genArgs, const QString &pcap)
    {
        const QString summaryPath = pcap + ".json";
        const RunResult g = runPcapgen(genArgs + QStringList{"-o", pcap, "--summary", summaryPath});
        QFile f(summaryPath);
        if (g.exitCode != 0 || !f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object().value("flows").toArray();
    }

    QProcess *tcpreplay(const QString &interface, const QString &pcap)
    {
        auto *p = new QProcess(this);
        p->start("ip", {"netns", "exec", ns_, "tcpreplay", "-q", "--pps", "4000", "-i", interface, pcap});
        return p;
    }

private slots:
    void initTestCase()
    {
        if (geteuid() != 0)
            QSKIP("live capture test needs root (network namespaces, raw capture)");
        if (QStandardPaths::findExecutable("ip").isEmpty() || QStandardPaths::findExecutable("tcpreplay").isEmpty())
            QSKIP("needs iproute2 and tcpreplay (scripts/install-deps.sh)");
        makeNames();
        QByteArray err;
        if (!sh({"ip", "netns", "add", ns_}, &err))
            QSKIP(qPrintable("network namespaces are not allowed here: " + QString::fromUtf8(err)));
        haveNamespace_ = true;
        QVERIFY2(addPair(outer_, inner_, &err), err.constData());
        QVERIFY2(addPair(outer2_, inner2_, &err), err.constData());
    }

    void cleanupTestCase()
    {
        if (!haveNamespace_)
            return;
        sh({"ip", "link", "del", outer_});
        sh({"ip", "link", "del", outer2_});
        sh({"ip", "netns", "del", ns_});
    }

    void capturesReplayedTraffic_data()
    {
        QTest::addColumn<QStringList>("genArgs");
        QTest::addColumn<QString>("threads");
        QTest::newRow("ipv4-1-thread") << QStringList{"--flows", "60", "--ipv6", "0", "--seed", "11"} << "1";
        QTest::newRow("mix-3-threads") << QStringList{"--flows", "150", "--vlan", "20", "--seed", "12"} << "3";
    }

    void capturesReplayedTraffic()
    {
        QFETCH(QStringList, genArgs);
        QFETCH(QString, threads);
        const QString pcap = dir_.filePath(QString(QTest::currentDataTag()) + ".pcap");
        const QString summaryPath = pcap + ".json";
        const RunResult g = runPcapgen(genArgs + QStringList{"-o", pcap, "--summary", summaryPath});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        QFile f(summaryPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray flows = QJsonDocument::fromJson(f.readAll()).object().value("flows").toArray();
        const QString lua = dir_.filePath("save.lua");
        QFile luaFile(lua);
        QVERIFY(luaFile.open(QIODevice::WriteOnly));
        luaFile.write("function on_save(session, final) if final then session:add_tag('lua-saved') end end\n"
                      "ArkimeSession.register_save('on_save')\n");
        luaFile.close();

        QProcess capture;
        capture.start(QStringLiteral(LUACAP_BINARY),
                      {"capture", "-i", outer_, "--threads", threads, "--lua", lua, "--stats", "json",
                       "--option", "tcpTimeout=600", "--option", "udpTimeout=600"});
        QVERIFY(capture.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForStderr(capture, "capturing", err, 30000), err.constData());
        QByteArray replayOut;
        QVERIFY2(sh({"ip", "netns", "exec", ns_, "tcpreplay", "-q", "--pps", "4000", "-i", inner_, pcap}, &replayOut),
                 replayOut.constData());
        QTest::qWait(500);  // the last frames cross the veth and reach the reader
        QVERIFY(signalProcess(capture, SIGTERM));
        QVERIFY(capture.waitForFinished(60000));
        err += capture.readAllStandardError();
        QCOMPARE(capture.exitStatus(), QProcess::NormalExit);
        QVERIFY2(capture.exitCode() == 0, err.constData());

        QHash<QString, QJsonObject> records;
        for (const QJsonObject &rec : parseRecords(capture.readAllStandardOutput()))
            records.insert(flowKey(rec), rec);
        QVERIFY2(records.size() >= flows.size(), qPrintable(QString::number(records.size())));
        const QStringList fields = {"source.packets", "source.bytes", "destination.packets", "destination.bytes"};
        for (const QJsonValue &v : flows) {
            const QJsonObject flow = v.toObject();
            const QString key = flowKey(flow);
            QVERIFY2(records.contains(key), qPrintable("no record for " + key + "\n" + err));
            const QJsonObject rec = records.value(key);
            for (const QString &field : fields)
                QVERIFY2(valueAt(rec, field) == valueAt(flow, field),
                         qPrintable(key + " " + field + ": " + QString::number(valueAt(rec, field).toInteger()) +
                                    " != " + QString::number(valueAt(flow, field).toInteger())));
            QVERIFY2(rec.value("tags").toArray().contains("lua-saved"), qPrintable(key + ": save callback did not run"));
        }
        const QJsonObject stats = QJsonDocument::fromJson(err.trimmed().split('\n').last()).object();
        const QJsonObject iface = stats.value("interfaces").toArray().first().toObject();
        QCOMPARE(iface.value("name").toString(), outer_);
        QCOMPARE(iface.value("ownDrops").toInteger(), 0);
        QCOMPARE(iface.value("kernelDrops").toInteger(), 0);
    }

    // Two interfaces, two reader threads, both feeding the same two packet threads at once.
    void capturesTwoInterfaces()
    {
        const QString pcapA = dir_.filePath("a.pcap"), pcapB = dir_.filePath("b.pcap");
        const QJsonArray flowsA = generate({"--flows", "80", "--seed", "21"}, pcapA);
        const QJsonArray flowsB = generate({"--flows", "80", "--seed", "22"}, pcapB);
        QVERIFY(!flowsA.isEmpty() && !flowsB.isEmpty());
        QHash<QString, QJsonObject> expected;
        QSet<QString> collide;
        for (const QJsonArray &flows : {flowsA, flowsB}) {
            for (const QJsonValue &v : flows) {
                const QString key = flowKey(v.toObject());
                if (expected.contains(key))
                    collide.insert(key);   // the same 5-tuple from both generators: one session
                expected.insert(key, v.toObject());
            }
        }
        QProcess capture;
        capture.start(QStringLiteral(LUACAP_BINARY), {"capture", "--option", "interface=" + outer_ + ";" + outer2_,
                                                      "--threads", "2", "--stats", "json"});
        QVERIFY(capture.waitForStarted());
        QByteArray err;
        QVERIFY2(waitForStderr(capture, "capturing", err, 30000), err.constData());
        QProcess *a = tcpreplay(inner_, pcapA);
        QProcess *b = tcpreplay(inner2_, pcapB);
        QVERIFY(a->waitForFinished(60000) && a->exitCode() == 0);
        QVERIFY(b->waitForFinished(60000) && b->exitCode() == 0);
        QTest::qWait(500);
        QVERIFY(signalProcess(capture, SIGTERM));
        QVERIFY(capture.waitForFinished(60000));
        err += capture.readAllStandardError();
        QVERIFY2(capture.exitCode() == 0, err.constData());
        QHash<QString, QJsonObject> records;
        for (const QJsonObject &rec : parseRecords(capture.readAllStandardOutput()))
            records.insert(flowKey(rec), rec);
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            if (collide.contains(it.key()))
                continue;
            QVERIFY2(records.contains(it.key()), qPrintable("no record for " + it.key()));
            for (const char *field : {"source.packets", "destination.packets", "network.bytes"})
                QVERIFY2(valueAt(records.value(it.key()), field) == valueAt(it.value(), field),
                         qPrintable(it.key() + " " + field));
        }
        const QJsonArray ifaces =
            QJsonDocument::fromJson(err.trimmed().split('\n').last()).object().value("interfaces").toArray();
        QCOMPARE(ifaces.size(), 2);
        for (const QJsonValue &i : ifaces)
            QVERIFY2(i.toObject().value("packets").toInteger() > 0, err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCaptureLive)
#include "tst_capture_live.moc"

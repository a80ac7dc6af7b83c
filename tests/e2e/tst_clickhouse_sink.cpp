// End-to-end tests of `luacap replay --sink clickhouse:URL` and `luacap query --clickhouse`
// against a real, private clickhouse-server: same records as the JSON sink, filters, a server
// killed and restarted in the middle of a replay, and the on-disk spool across luacap runs.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "clickhouse_test_server.h"
#include "support/run_luacap.h"

using namespace luacap::test;

class TestClickHouseSink : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    ClickHouseTestServer server_;
    QString pcap_;
    QByteArray json_;

    QString path(const QString &name) const { return dir_.filePath(name); }

    qint64 count(const QString &table) const
    {
        const QByteArray n = server_.query("SELECT count() FROM " + table).trimmed();
        return n.isEmpty() ? -1 : n.toLongLong();
    }

    QString sink(const QString &table, const QString &extra = {}) const
    {
        return "clickhouse:" + server_.url() + ",table=" + table + ",spool=" + path("spool-" + table) + extra;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        QVERIFY(QDir().mkpath(path("server")));
        if (!server_.start(path("server")))
            QSKIP(qPrintable("ClickHouse test server unavailable: " + server_.why()));
        pcap_ = path("mix.pcap");
        RunResult g = runPcapgen({"--flows", "300", "--concurrency", "40", "--seed", "5", "-o", pcap_});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        RunResult j = runLuacap({"replay", "--threads", "2", "--stats", "none", pcap_});
        QVERIFY2(j.exitCode == 0, j.err.constData());
        json_ = j.out;
    }

    void replayThenQueryGivesTheJsonRecords()
    {
        RunResult r = runLuacap({"replay", "--threads", "2", "--sink", sink("t1", ",batch=64"), pcap_});
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        const qint64 n = json_.count('\n');
        QVERIFY2(r.err.contains("clickhouse: inserted=" + QByteArray::number(n)), r.err.constData());
        QVERIFY2(r.err.contains("dropped=0"), r.err.constData());
        QCOMPARE(count("t1"), n);
        RunResult q = runLuacap({"query", "--clickhouse", server_.url() + ",table=t1"});
        QVERIFY2(q.exitCode == 0, q.err.constData());
        QCOMPARE(sortedLines(q.out), sortedLines(json_));
        // Ordered by time, like the SQLite store.
        qint64 last = 0;
        for (const QByteArray &line : q.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const qint64 first = QJsonDocument::fromJson(line).object().value("firstPacket").toInteger();
            QVERIFY(first >= last);
            last = first;
        }
    }

    void filterReadsBackTheSameAsSqlite()
    {
        const QString db = path("same.db");
        RunResult s = runLuacap({"replay", "--stats", "none", "--sink", "sqlite:" + db, pcap_});
        QVERIFY2(s.exitCode == 0, s.err.constData());
        for (const char *expr : {"ip == 10.0.0.1 && protocol == http", "protocol == dns || port.dst == 25",
                                 "!(ipProtocol == tcp) && packets >= 2", "starttime >= \"2023-11-14T22:13:21\"",
                                 "tags == \"it's \\\\ odd\""}) {
            RunResult c = runLuacap({"query", "--clickhouse", server_.url() + ",table=t1", expr});
            RunResult l = runLuacap({"query", "--db", db, expr});
            QVERIFY2(c.exitCode == 0, c.err.constData());
            QVERIFY2(l.exitCode == 0, l.err.constData());
            QCOMPARE(sortedLines(c.out), sortedLines(l.out));
        }
        RunResult bad = runLuacap({"query", "--clickhouse", server_.url(), "port == x"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("position 9"), bad.err.constData());
    }

    // The server dies (SIGKILL) while records are being inserted and comes back 2 s later:
    // the sink retries, spools meanwhile, and the table ends with exactly the JSON records.
    void serverKilledAndRestartedMidReplay()
    {
        const QString big = path("big.pcap");
        RunResult g = runPcapgen({"--flows", "10000", "--concurrency", "200", "--seed", "9", "-o", big});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        RunResult j = runLuacap({"replay", "--threads", "2", "--stats", "none", big});
        QVERIFY2(j.exitCode == 0, j.err.constData());
        const qint64 total = j.out.count('\n');

        QProcess replay;
        replay.start(LUACAP_BINARY, {"replay", "--threads", "2", "--sink", sink("t2", ",batch=50"), big});
        QVERIFY(replay.waitForStarted());
        QElapsedTimer t;
        t.start();
        qint64 before = 0;
        while ((before = count("t2")) <= 0 && t.elapsed() < 120000)
            QThread::msleep(10);
        QVERIFY2(before > 0 && before < total, qPrintable(QString("rows before the kill: %1 of %2").arg(before).arg(total)));
        server_.kill();
        QThread::msleep(2000);
        QVERIFY2(server_.restart(), qPrintable(server_.why()));
        QVERIFY(replay.waitForFinished(300000));
        const QByteArray err = replay.readAllStandardError();
        QVERIFY2(replay.exitCode() == 0, err.constData());
        QVERIFY2(!err.contains("retries=0 "), err.constData());
        QVERIFY2(err.contains("dropped=0"), err.constData());
        qInfo() << "killed at" << before << "of" << total << "rows;" << err.split('\n').value(0).constData();

        QCOMPARE(count("t2"), total);
        RunResult q = runLuacap({"query", "--clickhouse", server_.url() + ",table=t2"});
        QVERIFY2(q.exitCode == 0, q.err.constData());
        QCOMPARE(sortedLines(q.out), sortedLines(j.out));
        QCOMPARE(QDir(path("spool-t2")).entryList({"*.rows"}, QDir::Files).size(), 0);
    }

    // Server unreachable: the run ends (flush timeout) with its records in the spool; the
    // next run that uses the same spool delivers them first.
    void spoolSurvivesALuacapRun()
    {
        const QString dead = "http://127.0.0.1:9/";   // discard port: nothing listens
        const QString spool = path("spool-t3");
        const QString spec = "clickhouse:" + dead + ",table=t3,spool=" + spool + ",flush-timeout=1500";
        RunResult r = runLuacap({"replay", "--sink", spec, pcap_});
        QCOMPARE(r.exitCode, 1);
        const qint64 n = json_.count('\n');
        QVERIFY2(r.err.contains("pending=" + QByteArray::number(n)), r.err.constData());
        QVERIFY2(r.err.contains("inserted=0"), r.err.constData());
        QVERIFY(QDir(spool).entryList({"*.rows"}, QDir::Files).size() > 0);

        RunResult again = runLuacap({"replay", "--sink", sink("t3"), pcap_});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QCOMPARE(count("t3"), 2 * n);
        QCOMPARE(QDir(spool).entryList({"*.rows"}, QDir::Files).size(), 0);
    }

    void fullSpoolCountsDropped()
    {
        const QString spec = "clickhouse:http://127.0.0.1:9/,table=t4,spool=" + path("spool-t4") +
                             ",spool-max=20000,batch=10,flush-timeout=500";
        RunResult r = runLuacap({"replay", "--sink", spec, pcap_});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.err.contains("dropped=0"), r.err.constData());
        QVERIFY2(r.err.contains("spool was full"), r.err.constData());
        QVERIFY2(runLuacap({"replay", "--sink", "clickhouse:ftp://x", pcap_}).err.contains("bad ClickHouse URL"), "url");
        QVERIFY2(runLuacap({"replay", "--sink", "clickhouse:http://x/,table=a;b", pcap_}).err.contains("bad ClickHouse table"),
                 "table");
    }
};

QTEST_GUILESS_MAIN(TestClickHouseSink)
#include "tst_clickhouse_sink.moc"

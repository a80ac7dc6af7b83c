// End-to-end tests of `luacap replay --sink sqlite:FILE` and `luacap query --db FILE`: the
// database holds exactly the records the JSON sink writes, filters select the right ones,
// runs append, and bad input gives clear messages.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <functional>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "support/run_luacap.h"

using namespace luacap::test;

class TestSqliteSinkCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString pcap_;
    QByteArray json_;   // the JSON sink's output for pcap_
    QString db_;

    QString path(const QString &name) const { return dir_.filePath(name); }

    // Records of the JSON output that satisfy pred, as sorted lines.
    QList<QByteArray> expected(const std::function<bool(const QJsonObject &)> &pred) const
    {
        QList<QByteArray> out;
        for (const QByteArray &line : json_.split('\n')) {
            if (!line.isEmpty() && pred(QJsonDocument::fromJson(line).object()))
                out << line;
        }
        std::sort(out.begin(), out.end());
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        pcap_ = path("mix.pcap");
        RunResult g = runPcapgen({"--flows", "300", "--concurrency", "40", "--seed", "11", "-o", pcap_});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        RunResult j = runLuacap({"replay", "--threads", "2", "--stats", "none", pcap_});
        QVERIFY2(j.exitCode == 0, j.err.constData());
        json_ = j.out;
        db_ = path("sessions.db");
        RunResult s = runLuacap({"replay", "--threads", "2", "--sink", "sqlite:" + db_, pcap_});
        QVERIFY2(s.exitCode == 0 && !s.crashed, s.err.constData());
        QVERIFY2(s.out.isEmpty(), "the sqlite sink writes nothing to stdout");
        QVERIFY2(s.err.contains("sqlite: committed=" + QByteArray::number(json_.count('\n'))), s.err.constData());
    }

    void databaseHoldsTheJsonSinksRecords()
    {
        RunResult q = runLuacap({"query", "--db", db_});
        QVERIFY2(q.exitCode == 0, q.err.constData());
        QVERIFY(json_.count('\n') >= 300);
        QCOMPARE(sortedLines(q.out), sortedLines(json_));
    }

    void filtersMatchTheRecords_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("which");
        QTest::newRow("ip and protocol") << "ip == 10.0.0.1 && protocol == http" << 0;
        QTest::newRow("dns or port 25") << "protocol == dns || port.dst == 25" << 1;
        QTest::newRow("not tcp, packets") << "!(ipProtocol == tcp) && packets >= 2" << 2;
        QTest::newRow("time window") << "starttime >= 1700000001000 && stoptime < \"2023-11-14T22:13:22\"" << 3;
    }

    void filtersMatchTheRecords()
    {
        QFETCH(QString, expression);
        QFETCH(int, which);
        const std::function<bool(const QJsonObject &)> preds[] = {
            [](const QJsonObject &r) {
                const bool ip = valueAt(r, "source.ip").toString() == "10.0.0.1" ||
                                valueAt(r, "destination.ip").toString() == "10.0.0.1";
                return ip && r.value("protocol").toArray().contains(QJsonValue("http"));
            },
            [](const QJsonObject &r) {
                return r.value("protocol").toArray().contains(QJsonValue("dns")) ||
                       valueAt(r, "destination.port").toInt() == 25;
            },
            [](const QJsonObject &r) {
                return r.value("ipProtocol").toInt() != 6 && valueAt(r, "network.packets").toInt() >= 2;
            },
            [](const QJsonObject &r) {
                return r.value("firstPacket").toInteger() >= 1700000001000 &&
                       r.value("lastPacket").toInteger() < 1700000002000;
            },
        };
        const QList<QByteArray> want = expected(preds[which]);
        RunResult q = runLuacap({"query", "--db", db_, expression});
        QVERIFY2(q.exitCode == 0, q.err.constData());
        QCOMPARE(sortedLines(q.out), want);
        qInfo() << expression << "matched" << want.size();
    }

    void tableFormatAndLimit()
    {
        RunResult q = runLuacap({"query", "--db", db_, "--format", "table", "--limit", "5", "protocol == http"});
        QVERIFY2(q.exitCode == 0, q.err.constData());
        const QList<QByteArray> lines = q.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QVERIFY(lines[0].startsWith("start (UTC)"));
        for (int i = 1; i < lines.size(); ++i) {
            QVERIFY2(lines[i].startsWith("2023-11-14T"), lines[i].constData());
            QVERIFY2(lines[i].contains("http"), lines[i].constData());
        }
    }

    void badExpressionsAndOptions()
    {
        RunResult bad = runLuacap({"query", "--db", db_, "ip == 10.0.0.1 && port = 80"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains("position 24: use == to compare"), bad.err.constData());
        RunResult missing = runLuacap({"query", "--db", path("absent.db"), "port == 80"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("absent.db"), missing.err.constData());
        QCOMPARE(runLuacap({"query", "port == 80"}).exitCode, 2);
        QCOMPARE(runLuacap({"query", "--db", db_, "--format", "xml"}).exitCode, 2);
        RunResult sink = runLuacap({"replay", "--sink", "mysql:x", pcap_});
        QCOMPARE(sink.exitCode, 2);
        QVERIFY2(sink.err.contains("--sink must be json, sqlite:PATH or clickhouse:URL"), sink.err.constData());
        RunResult unwritable = runLuacap({"replay", "--sink", "sqlite:" + path("no/dir/x.db"), pcap_});
        QCOMPARE(unwritable.exitCode, 1);
        QVERIFY2(unwritable.err.contains("no/dir/x.db") && unwritable.err.contains("unable to open"),
                 unwritable.err.constData());
    }

    void secondRunAppends()
    {
        const QString db = path("append.db");
        for (int run = 0; run < 2; ++run) {
            RunResult s = runLuacap({"replay", "--stats", "none", "--sink", "sqlite:" + db, pcap_});
            QVERIFY2(s.exitCode == 0, s.err.constData());
        }
        RunResult q = runLuacap({"query", "--db", db});
        QCOMPARE(q.out.count('\n'), 2 * json_.count('\n'));
    }
};

QTEST_GUILESS_MAIN(TestSqliteSinkCli)
#include "tst_sqlite_sink_cli.moc"

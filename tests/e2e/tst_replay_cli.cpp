// End-to-end tests of `luacap replay` on generated captures: determinism across thread counts,
// compressed input, and every kind of bad input (truncated, corrupt, unreadable, odd link type).
#include <QFile>
#include <QJsonDocument>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

#include "support/run_luacap.h"

using namespace luacap::test;

class TestReplayCli : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString pcap_;

    QString path(const QString &name) const { return dir_.filePath(name); }

    QByteArray readFile(const QString &p) const
    {
        QFile f(p);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    void writeFile(const QString &p, const QByteArray &data) const
    {
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        pcap_ = path("mix.pcap");
        RunResult g = runPcapgen({"--flows", "400", "--concurrency", "60", "--seed", "7", "-o", pcap_});
        QVERIFY2(g.exitCode == 0, g.err.constData());
    }

    void helpAndVersion()
    {
        RunResult v = runLuacap({"--version"});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("luacap "));
        RunResult h = runLuacap({"replay", "--help"});
        QCOMPARE(h.exitCode, 0);
        for (const char *option : {"--threads", "--output", "--config", "--stats"})
            QVERIFY2(h.out.contains(option), option);
        QCOMPARE(runLuacap({"replay"}).exitCode, 2);
        QCOMPARE(runLuacap({"bogus"}).exitCode, 2);
        QCOMPARE(runLuacap({"replay", "--threads", "zero", pcap_}).exitCode, 2);
    }

    void outputIsIdenticalForAnyThreadCount()
    {
        QByteArray first;
        for (const char *threads : {"1", "2", "3", "8"}) {
            RunResult r = runLuacap({"replay", "--threads", threads, "--stats", "none", pcap_});
            QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
            if (first.isEmpty()) {
                first = r.out;
                QVERIFY(parseRecords(first).size() >= 400);
            } else {
                QVERIFY2(r.out == first, threads);
            }
        }
    }

    void outputFileAndStdoutAgree()
    {
        RunResult a = runLuacap({"replay", "--stats", "none", pcap_});
        RunResult b = runLuacap({"replay", "--stats", "none", "--output", path("out.json"), pcap_});
        QCOMPARE(b.exitCode, 0);
        QVERIFY(b.out.isEmpty());
        QCOMPARE(readFile(path("out.json")), a.out);
    }

    void gzipInputGivesSameRecords()
    {
        QVERIFY(QProcess::execute("sh", {"-c", "gzip -c '" + pcap_ + "' > '" + path("mix.pcap.gz") + "'"}) == 0);
        RunResult a = runLuacap({"replay", "--stats", "none", pcap_});
        RunResult b = runLuacap({"replay", "--stats", "none", path("mix.pcap.gz")});
        QCOMPARE(b.exitCode, 0);
        QCOMPARE(b.out, a.out);
    }

    void statsJsonCountsEverything()
    {
        RunResult r = runLuacap({"replay", "--stats", "json", "--output", "/dev/null", pcap_});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(r.err.trimmed().split('\n').last()).object();
        QVERIFY(s.value("packets").toInteger() > 0);
        // Generated traffic is all TCP/UDP: every packet belongs to a session.
        QCOMPARE(s.value("sessionPackets").toInteger(), s.value("packets").toInteger());
        QCOMPARE(s.value("corruptIp").toInteger(), 0);
        QCOMPARE(s.value("records").toInteger(), s.value("sessions").toInteger());
    }

    void truncatedFileKeepsWholePacketsAndTags()
    {
        const QByteArray full = readFile(pcap_);
        writeFile(path("cut.pcap"), full.left(full.size() - 37));
        RunResult r = runLuacap({"replay", "--stats", "json", path("cut.pcap")});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("cut.pcap"), r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QVERIFY(!records.isEmpty());
        int tagged = 0;
        for (const QJsonObject &rec : records)
            tagged += rec.value("tags").toArray().contains("truncated-pcap");
        QVERIFY(tagged > 0);
        const QJsonObject s = QJsonDocument::fromJson(r.err.trimmed().split('\n').last()).object();
        QCOMPARE(s.value("filesTruncated").toInteger(), 1);
        RunResult whole = runLuacap({"replay", "--stats", "json", "--output", "/dev/null", pcap_});
        const QJsonObject ws = QJsonDocument::fromJson(whole.err.trimmed().split('\n').last()).object();
        QCOMPARE(s.value("packets").toInteger(), ws.value("packets").toInteger() - 1);
    }

    void unreadableFileIsNamedAndOthersStillRun()
    {
        RunResult r = runLuacap({"replay", "--stats", "none", path("does-not-exist.pcap"), pcap_});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("does-not-exist.pcap"));
        // Same sessions as replaying the good file alone (positions name file 1 now, so compare counters).
        const QList<QJsonObject> got = parseRecords(r.out);
        const QList<QJsonObject> want = parseRecords(runLuacap({"replay", "--stats", "none", pcap_}).out);
        QCOMPARE(got.size(), want.size());
        for (int i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].value("network"), want[i].value("network"));
            QCOMPARE(got[i].value("fileId"), QJsonValue(QJsonArray{1}));
        }
    }

    void garbageAndUnknownLinkTypeAreErrors()
    {
        writeFile(path("garbage.pcap"), QByteArray(100, 'x'));
        RunResult g = runLuacap({"replay", path("garbage.pcap")});
        QCOMPARE(g.exitCode, 1);
        QVERIFY(g.err.contains("garbage.pcap"));
        // A pcap header with link type 147 (USER0), one packet.
        QByteArray pcap = readFile(pcap_).left(24);
        pcap[20] = char(147);
        pcap[21] = pcap[22] = pcap[23] = 0;
        writeFile(path("user0.pcap"), pcap);
        RunResult u = runLuacap({"replay", path("user0.pcap")});
        QCOMPARE(u.exitCode, 1);
        QVERIFY2(u.err.contains("user0.pcap") && u.err.contains("link type"), u.err.constData());
    }

    void corruptRecordHeaderKeepsEarlierRecords()
    {
        QByteArray data = readFile(pcap_);
        const int cut = 24 + 16 * 50 + 20000;  // somewhere inside the file, then a bad header
        data = data.left(cut);
        QByteArray bad(16, '\0');
        bad[8] = bad[9] = bad[10] = bad[11] = char(0xff);  // caplen 4 GB
        writeFile(path("corrupt.pcap"), data + bad + QByteArray(64, 'z'));
        RunResult r = runLuacap({"replay", "--stats", "none", path("corrupt.pcap")});
        QVERIFY(!r.crashed);
        QVERIFY2(r.err.contains("corrupt.pcap"), r.err.constData());
        QVERIFY(!parseRecords(r.out).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReplayCli)
#include "tst_replay_cli.moc"

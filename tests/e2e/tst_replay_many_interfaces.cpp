// End-to-end test of `luacap replay` on Wireshark's many_interfaces.pcapng.1 (11 interfaces:
// Ethernet, BSD loopback, raw IP), which libpcap alone refuses: every packet must be replayed,
// each decoded with its own interface's link type, plain and gzip-compressed alike.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "support/run_luacap.h"

using namespace luacap::test;

class TestReplayManyInterfaces : public QObject {
    Q_OBJECT
    QString pcap_;

    static QJsonObject statsOf(const RunResult &r)
    {
        return QJsonDocument::fromJson(r.err.trimmed().split('\n').last()).object();
    }

private slots:
    void initTestCase()
    {
        pcap_ = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/wireshark/many_interfaces.pcapng.1");
        if (!QFile::exists(pcap_))
            QSKIP("many_interfaces.pcapng.1 is not in LUACAP_SHARED_DIR");
    }

    void everyPacketIsReplayed()
    {
        RunResult r = runLuacap({"replay", "--stats", "json", pcap_});
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // the stats line only: no error line
        const QJsonObject s = statsOf(r);
        QCOMPARE(s.value("packets").toInteger(), 64);        // as tshark counts them
        QCOMPARE(s.value("sessionPackets").toInteger(), 64); // all TCP/UDP
        QCOMPARE(s.value("corruptEther").toInteger(), 0);
        QCOMPARE(s.value("corruptIp").toInteger(), 0);
        QCOMPARE(s.value("filesCorrupt").toInteger(), 0);
    }

    // Frames 1-2 are Ethernet (interface 0), frames 3-4 the same Dropbox LAN-sync broadcasts
    // on the loopback interface (BSD null): they join the same sessions.
    void loopbackPacketsJoinTheirSessions()
    {
        RunResult r = runLuacap({"replay", "--stats", "none", pcap_});
        QCOMPARE(r.exitCode, 0);
        int found = 0;
        for (const QJsonObject &rec : parseRecords(r.out)) {
            if (valueAt(rec, "destination.port").toInt() != 17500)
                continue;
            ++found;
            QCOMPARE(valueAt(rec, "network.packets").toInt(), 2);
            const QJsonArray pos = rec.value("packetPos").toArray();
            QCOMPARE(pos.size(), 2);
            QCOMPARE(pos[1].toInteger() - pos[0].toInteger(), 2);  // one Ethernet, one loopback frame
        }
        QCOMPARE(found, 2);
    }

    void gzipGivesSameRecords()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString gz = dir.filePath("many_interfaces.pcapng.gz");
        QVERIFY(QProcess::execute("sh", {"-c", "gzip -c '" + pcap_ + "' > '" + gz + "'"}) == 0);
        RunResult a = runLuacap({"replay", "--stats", "none", pcap_});
        RunResult b = runLuacap({"replay", "--stats", "none", gz});
        QVERIFY2(b.exitCode == 0, b.err.constData());
        QVERIFY(!b.out.isEmpty());
        QCOMPARE(b.out, a.out);
    }
};

QTEST_GUILESS_MAIN(TestReplayManyInterfaces)
#include "tst_replay_many_interfaces.moc"

// End-to-end: replays generated captures and checks every record against the generator's own
// ground truth (--summary): addresses, initiator, per-direction packets/bytes, data bytes,
// TCP flag counts and first/last packet times, for IPv4, IPv6, VLAN, out-of-order,
// retransmitted and RST flows, at several thread counts.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

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
} // namespace

class TestReplayGroundTruth : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void recordsMatchGeneratedFlows_data()
    {
        QTest::addColumn<QStringList>("genArgs");
        QTest::addColumn<QString>("threads");
        QTest::newRow("mix-1-thread") << QStringList{"--flows", "300", "--concurrency", "50"} << "1";
        QTest::newRow("mix-2-threads") << QStringList{"--flows", "300", "--concurrency", "50"} << "2";
        QTest::newRow("ipv6-vlan") << QStringList{"--flows", "200", "--ipv6", "60", "--vlan", "40", "--seed", "3"} << "2";
        QTest::newRow("ooo-retrans-rst")
            << QStringList{"--flows", "200", "--ooo", "50", "--retrans", "50", "--rst", "30", "--seed", "4"} << "3";
        QTest::newRow("raw-linktype") << QStringList{"--flows", "100", "--linktype", "raw", "--seed", "5"} << "2";
    }

    void recordsMatchGeneratedFlows()
    {
        QFETCH(QStringList, genArgs);
        QFETCH(QString, threads);
        const QString pcap = dir_.filePath(QString(QTest::currentDataTag()) + ".pcap");
        const QString summaryPath = pcap + ".json";
        RunResult g = runPcapgen(genArgs + QStringList{"-o", pcap, "--summary", summaryPath});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        QFile f(summaryPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray flows = QJsonDocument::fromJson(f.readAll()).object().value("flows").toArray();

        RunResult r = runLuacap({"replay", "--threads", threads, "--stats", "none", pcap});
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        QHash<QString, QJsonObject> records;
        for (const QJsonObject &rec : parseRecords(r.out))
            records.insert(flowKey(rec), rec);
        QCOMPARE(records.size(), flows.size());

        const QStringList fields = {"source.packets", "source.bytes", "destination.packets", "destination.bytes",
                                    "network.packets", "network.bytes", "firstPacket", "lastPacket"};
        const QStringList flags = {"syn", "syn-ack", "ack", "psh", "fin", "rst", "urg"};
        for (const QJsonValue &v : flows) {
            const QJsonObject flow = v.toObject();
            const QString key = flowKey(flow);
            QVERIFY2(records.contains(key), qPrintable("no record for " + key));
            const QJsonObject rec = records.value(key);
            for (const QString &field : fields)
                QVERIFY2(valueAt(rec, field) == valueAt(flow, field), qPrintable(key + " " + field));
            // Data bytes count each stream byte once (retransmitted copies are not counted), as Arkime.
            const QJsonArray stream = flow.value("streamBytes").toArray();
            QVERIFY2(valueAt(rec, "client.bytes").toInteger() == stream[0].toInteger(), qPrintable(key + " client.bytes"));
            QVERIFY2(valueAt(rec, "server.bytes").toInteger() == stream[1].toInteger(), qPrintable(key + " server.bytes"));
            if (flow.value("ipProtocol").toInt() == 6) {
                for (const QString &flag : flags)
                    QVERIFY2(valueAt(rec, "tcpflags." + flag) == valueAt(flow, "tcpflags." + flag),
                             qPrintable(key + " tcpflags." + flag));
            }
            const int vlan = flow.value("vlan").toInt();
            if (vlan)
                QVERIFY2(valueAt(rec, "network.vlan.id").toArray().contains(vlan), qPrintable(key + " vlan"));
        }
    }
};

QTEST_GUILESS_MAIN(TestReplayGroundTruth)
#include "tst_replay_ground_truth.moc"

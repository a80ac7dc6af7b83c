// End-to-end tests of `luacap replay` on generated pcapng files whose interfaces have different
// link types (libpcap alone refuses them): packets of each interface are decoded with its own
// link type, and packets of a link type luacap cannot decode are counted and named once per file.
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "engine/capture/pcapng_builder.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
QByteArray be16(uint16_t v) { return QByteArray(1, char(v >> 8)) + QByteArray(1, char(v & 0xff)); }

// IPv4 (no options, checksum filled in) + UDP + payload.
QByteArray ipv4Udp(uint8_t srcHost, uint8_t dstHost, uint16_t srcPort, uint16_t dstPort, const QByteArray &payload)
{
    QByteArray ip = QByteArray("\x45\x00", 2) + be16(uint16_t(28 + payload.size())) + QByteArray("\x00\x01\x00\x00\x40\x11\x00\x00", 8)
                    + QByteArray("\x0a\x00\x00", 3) + char(srcHost) + QByteArray("\x0a\x00\x00", 3) + char(dstHost);
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
        sum += (uint8_t(ip[i]) << 8) | uint8_t(ip[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    ip.replace(10, 2, be16(uint16_t(~sum)));
    return ip + be16(srcPort) + be16(dstPort) + be16(uint16_t(8 + payload.size())) + be16(0) + payload;
}

QByteArray ethernet(const QByteArray &ip)
{
    return QByteArray("\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14) + ip;
}
} // namespace

class TestReplayPcapng : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString mixed_;

    static QJsonObject statsOf(const RunResult &r)
    {
        return QJsonDocument::fromJson(r.err.trimmed().split('\n').last()).object();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        // Ethernet, USER0 (147, not decodable) and raw IP interfaces; one UDP flow over both
        // decodable ones, three USER0 frames between.
        PcapngBuilder b;
        b.section(false).interface(1, 65535).interface(147, 65535).interface(101, 65535);
        b.epb(0, 1'000'000, ethernet(ipv4Udp(1, 2, 4000, 53, "query")));
        for (int i = 0; i < 3; ++i)
            b.epb(1, 1'100'000 + i, QByteArray(32, 'u'));
        b.epb(2, 1'200'000, ipv4Udp(2, 1, 53, 4000, "answer"));
        b.epb(0, 1'300'000, ethernet(ipv4Udp(1, 2, 4000, 53, "again")));
        mixed_ = dir_.filePath("mixed.pcapng");
        QFile f(mixed_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(b.bytes());
    }

    void eachInterfaceDecodedWithItsLinkType()
    {
        RunResult r = runLuacap({"replay", "--stats", "json", mixed_});
        QVERIFY(!r.crashed);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(records.size(), 1);
        QCOMPARE(valueAt(records[0], "network.packets").toInt(), 3);
        QCOMPARE(valueAt(records[0], "source.packets").toInt(), 2);
        QCOMPARE(valueAt(records[0], "destination.packets").toInt(), 1);
        QCOMPARE(statsOf(r).value("packets").toInteger(), 3);
    }

    void unsupportedLinkTypeIsNamedOncePerFile()
    {
        RunResult r = runLuacap({"replay", "--stats", "none", "--output", "/dev/null", mixed_, mixed_});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);  // one per file, not one per packet
        for (const QByteArray &line : lines) {
            QVERIFY2(line.contains("mixed.pcapng") && line.contains("link type 147") && line.contains("3 packets"),
                     line.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestReplayPcapng)
#include "tst_replay_pcapng.moc"

// Tests for ChunkedPcapReader: agrees packet for packet with libpcap on every classic pcap in
// ../shared, and handles byte order, nanosecond files, LINKTYPE_RAW, truncation at every
// offset and corrupt record lengths as libpcap does (error kinds, kept packets), with chunks
// of any size.
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <pcap/pcap.h>

#include "capture/chunked_pcap_reader.h"

using namespace luacap::engine;

namespace {
void put32(QByteArray &b, uint32_t v, bool swap)
{
    if (swap)
        v = __builtin_bswap32(v);
    b.append(reinterpret_cast<const char *>(&v), 4);
}

// A pcap with `count` packets of 60 bytes each.
QByteArray makePcap(bool swap, bool nano, uint32_t linkType, int count)
{
    QByteArray b;
    put32(b, nano ? 0xa1b23c4d : 0xa1b2c3d4, swap);
    const uint16_t major = 2, minor = 4;
    const uint16_t maj = swap ? __builtin_bswap16(major) : major, min = swap ? __builtin_bswap16(minor) : minor;
    b.append(reinterpret_cast<const char *>(&maj), 2);
    b.append(reinterpret_cast<const char *>(&min), 2);
    put32(b, 0, swap);
    put32(b, 0, swap);
    put32(b, 65535, swap);
    put32(b, linkType, swap);
    for (int i = 0; i < count; ++i) {
        put32(b, 1700000000 + uint32_t(i), swap);
        put32(b, nano ? 123456789 : 123456, swap);
        put32(b, 60, swap);
        put32(b, 80, swap);
        b.append(QByteArray(60, char('a' + i)));
    }
    return b;
}

QString writeTemp(QTemporaryDir &dir, const QByteArray &data)
{
    static int n = 0;
    const QString path = dir.filePath(QString("f%1.pcap").arg(n++));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(data);
    return path;
}

int countPackets(ChunkedPcapReader &r, ReadStatus &last)
{
    int n = 0;
    RawPacket p;
    while ((last = r.next(p)) == ReadStatus::Packet)
        ++n;
    return n;
}
} // namespace

class TestChunkedPcapReader : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

private slots:
    void headerVariants_data()
    {
        QTest::addColumn<bool>("swap");
        QTest::addColumn<bool>("nano");
        QTest::addColumn<uint32_t>("linkType");
        QTest::addColumn<int>("dlt");
        QTest::newRow("native-usec-ether") << false << false << 1u << 1;
        QTest::newRow("swapped-usec-ether") << true << false << 1u << 1;
        QTest::newRow("native-nsec") << false << true << 1u << 1;
        QTest::newRow("swapped-nsec") << true << true << 1u << 1;
        QTest::newRow("linktype-raw-is-dlt-raw") << false << false << 101u << 12;
        QTest::newRow("fcs-bits-masked") << false << false << (1u | 0x10000000u) << 1;
    }
    void headerVariants()
    {
        QFETCH(bool, swap);
        QFETCH(bool, nano);
        QFETCH(uint32_t, linkType);
        QFETCH(int, dlt);
        ChunkedPcapReader r;
        QVERIFY(r.open(writeTemp(dir_, makePcap(swap, nano, linkType, 3)).toStdString()));
        QCOMPARE(r.linkType(), dlt);
        RawPacket p;
        QCOMPARE(r.next(p), ReadStatus::Packet);
        QCOMPARE(p.tsUsec, int64_t(1700000000) * 1000000 + 123456);
        QCOMPARE(p.capLen, 60u);
        QCOMPARE(p.wireLen, 80u);
        QCOMPARE(p.filePos, uint64_t(24));
        QCOMPARE(p.data[0], uint8_t('a'));
        QCOMPARE(r.next(p), ReadStatus::Packet);
        QCOMPARE(p.filePos, uint64_t(24 + 16 + 60));
        QCOMPARE(r.next(p), ReadStatus::Packet);
        QCOMPARE(r.next(p), ReadStatus::End);
    }

    void truncationAtEveryOffsetKeepsWholePackets_data()
    {
        QTest::addColumn<int>("chunkBytes");   // 0: the default
        QTest::newRow("default chunks") << 0;
        QTest::newRow("1-byte chunks") << 1;
        QTest::newRow("100-byte chunks") << 100;
    }
    void truncationAtEveryOffsetKeepsWholePackets()
    {
        QFETCH(int, chunkBytes);
        const QByteArray full = makePcap(false, false, 1, 3);
        for (int cut = 24; cut < full.size(); ++cut) {
            ChunkedPcapReader r;
            QVERIFY(r.open(writeTemp(dir_, full.left(cut)).toStdString()));
            if (chunkBytes > 0)
                r.setChunkBytes(size_t(chunkBytes));
            ReadStatus last;
            const int n = countPackets(r, last);
            QCOMPARE(n, (cut - 24) / 76);
            QCOMPARE(last, (cut - 24) % 76 == 0 ? ReadStatus::End : ReadStatus::Truncated);
            if (last == ReadStatus::Truncated)
                QVERIFY(r.error().find("truncated") != std::string::npos);
        }
    }

    void corruptCaptureLengthIsAnError()
    {
        QByteArray data = makePcap(false, false, 1, 2);
        const uint32_t huge = 0x7fffffff;
        std::memcpy(data.data() + 24 + 76 + 8, &huge, 4);
        ChunkedPcapReader r;
        QVERIFY(r.open(writeTemp(dir_, data).toStdString()));
        ReadStatus last;
        QCOMPARE(countPackets(r, last), 1);
        QCOMPARE(last, ReadStatus::Error);
        QVERIFY(r.error().find("invalid packet capture length") != std::string::npos);
        RawPacket p;
        QCOMPARE(r.next(p), ReadStatus::Error);  // stays failed
    }

    void notClassicPcapIsRefused()
    {
        ChunkedPcapReader a, b;
        QVERIFY(!a.open(writeTemp(dir_, QByteArray(40, 'x')).toStdString()));
        QByteArray v3 = makePcap(false, false, 1, 1);
        v3[4] = 3;
        QVERIFY(!b.open(writeTemp(dir_, v3).toStdString()));
        ChunkedPcapReader c;
        QVERIFY(!c.open("/nonexistent/file.pcap"));
    }

    void agreesWithLibpcapOnSharedCaptures_data()
    {
        QTest::addColumn<int>("chunkBytes");   // 0: the default
        QTest::newRow("default chunks") << 0;
        QTest::newRow("4 KB chunks") << 4096;
    }
    void agreesWithLibpcapOnSharedCaptures()
    {
        QFETCH(int, chunkBytes);
        QStringList files;
        for (const char *sub : {"arkime", "wireshark", "generated"}) {
            const QDir d(QStringLiteral(LUACAP_SHARED_DIR "/pcaps/") + sub);
            for (const QString &f : d.entryList({"*.pcap"}, QDir::Files))
                files << d.filePath(f);
        }
        if (files.isEmpty())
            QSKIP("../shared/pcaps is absent");
        for (const QString &file : files) {
            char err[PCAP_ERRBUF_SIZE];
            pcap_t *pc = pcap_open_offline_with_tstamp_precision(qPrintable(file), PCAP_TSTAMP_PRECISION_MICRO, err);
            ChunkedPcapReader r;
            if (!pc) {
                QVERIFY2(!r.open(file.toStdString()), qPrintable(file));
                continue;
            }
            QVERIFY2(r.open(file.toStdString()), qPrintable(file));
            if (chunkBytes > 0)
                r.setChunkBytes(size_t(chunkBytes));
            QCOMPARE(r.linkType(), pcap_datalink(pc));
            pcap_pkthdr *h;
            const u_char *d;
            RawPacket p;
            int rc;
            while ((rc = pcap_next_ex(pc, &h, &d)) == 1) {
                QCOMPARE(r.next(p), ReadStatus::Packet);
                QCOMPARE(p.capLen, h->caplen);
                QCOMPARE(p.tsUsec, int64_t(h->ts.tv_sec) * 1000000 + h->ts.tv_usec);
                QVERIFY(std::memcmp(p.data, d, h->caplen) == 0);
            }
            const ReadStatus last = r.next(p);
            QVERIFY2(rc == PCAP_ERROR_BREAK ? last == ReadStatus::End : last != ReadStatus::Packet, qPrintable(file));
            pcap_close(pc);
        }
    }
};

QTEST_GUILESS_MAIN(TestChunkedPcapReader)
#include "tst_chunked_pcap_reader.moc"

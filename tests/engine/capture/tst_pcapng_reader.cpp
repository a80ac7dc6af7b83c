// Tests of PcapngReader on pcapng files built byte by byte here: both byte orders, mixed link
// types, time stamp resolutions and offsets, every packet block kind, skipped blocks, new
// sections, and every kind of truncated or corrupt block (an error, never a crash).
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include "capture/pcapng_reader.h"
#include "pcapng_builder.h"

using namespace luacap::engine;
using luacap::test::PcapngBuilder;

namespace {

QByteArray frame(int n, char fill) { return QByteArray(n, fill); }

} // namespace

Q_DECLARE_METATYPE(luacap::engine::ReadStatus)

class TstPcapngReader : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int fileNo_ = 0;

    std::string write(const QByteArray &bytes)
    {
        const QString path = dir_.filePath(QString("f%1.pcapng").arg(++fileNo_));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(bytes);
        return path.toStdString();
    }

private slots:
    void packets_data();
    void packets();
    void corrupt_data();
    void corrupt();
    void openFailures_data();
    void openFailures();
    void bufferIsReused();
};

void TstPcapngReader::packets_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QList<int>>("linkTypes");
    QTest::addColumn<QList<qint64>>("tsUsec");
    QTest::addColumn<QList<int>>("capLens");
    QTest::addColumn<QList<int>>("wireLens");

    for (bool big : {false, true}) {
        PcapngBuilder b(big);
        b.section(big).interface(1).interface(0).interface(101);
        b.epb(0, 1'000'000'000'123'456ull, frame(60, 'e'));
        b.epb(1, 1'000'000'001'000'000ull, frame(44, 'n'), 100);
        b.epb(2, 1'000'000'002'000'001ull, frame(20, 'r'));
        QTest::newRow(big ? "big-endian, three link types" : "little-endian, three link types")
            << b.bytes() << QList<int>{1, 0, 12} << QList<qint64>{1'000'000'000'123'456, 1'000'000'001'000'000, 1'000'000'002'000'001}
            << QList<int>{60, 44, 20} << QList<int>{60, 100, 20};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0, b.option(9, QByteArray(1, char(9))) + b.endOfOptions());
        b.epb(0, 1'500'000'123'456'789ull, frame(14, 'a'));
        QTest::newRow("tsresol 10^-9") << b.bytes() << QList<int>{1} << QList<qint64>{1'500'000'123'456}
                                       << QList<int>{14} << QList<int>{14};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0, b.option(9, QByteArray(1, char(0x80 | 10))) + b.endOfOptions());
        b.epb(0, 3 * 1024 + 512, frame(14, 'a'));  // 3.5 s
        QTest::newRow("tsresol 2^-10") << b.bytes() << QList<int>{1} << QList<qint64>{3'500'000}
                                       << QList<int>{14} << QList<int>{14};
    }
    {
        PcapngBuilder b(true);
        b.section(true).interface(1, 0, b.option(9, QByteArray(1, char(0))) + b.option(14, b.u64(100)));
        b.epb(0, 7, frame(14, 'a'));  // 7 s + 100 s offset, resolution 1 s
        QTest::newRow("tsresol 10^0, tsoffset, big-endian") << b.bytes() << QList<int>{1} << QList<qint64>{107'000'000}
                                                            << QList<int>{14} << QList<int>{14};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0, b.option(2, "eth0 with a long name") + b.option(12, "Linux") + b.endOfOptions());
        b.epb(0, 5, frame(14, 'a'));
        QTest::newRow("other options skipped") << b.bytes() << QList<int>{1} << QList<qint64>{5} << QList<int>{14} << QList<int>{14};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 16).interface(0);
        b.spb(40, frame(16, 's'));  // snaplen 16 of interface 0 applies
        b.spb(10, frame(10, 't'));
        QTest::newRow("simple packet blocks") << b.bytes() << QList<int>{1, 1} << QList<qint64>{0, 0}
                                              << QList<int>{16, 10} << QList<int>{40, 10};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1).interface(113);
        b.obsoletePacket(1, 2'000'000, frame(30, 'p'));
        QTest::newRow("obsolete packet block") << b.bytes() << QList<int>{113} << QList<qint64>{2'000'000}
                                               << QList<int>{30} << QList<int>{30};
    }
    {
        PcapngBuilder b;
        b.section(false);
        b.block(4, b.u16(0) + b.u16(0));                       // name resolution
        b.interface(1);
        b.block(0x0BAD, QByteArray(24, 'x'));                  // custom block
        b.epb(0, 1, frame(14, 'a'));
        b.block(5, b.u32(0) + b.u32(0) + b.u32(0));            // interface statistics
        b.block(0x80000001, QByteArray());                     // unknown, empty body
        b.epb(0, 2, frame(15, 'b'));
        QTest::newRow("unknown blocks skipped") << b.bytes() << QList<int>{1, 1} << QList<qint64>{1, 2}
                                                << QList<int>{14, 15} << QList<int>{14, 15};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1).epb(0, 1, frame(14, 'a'));
        b.section(true).interface(0).epb(0, 2, frame(8, 'b'));  // new section, other byte order
        QTest::newRow("second section resets interfaces") << b.bytes() << QList<int>{1, 0} << QList<qint64>{1, 2}
                                                          << QList<int>{14, 8} << QList<int>{14, 8};
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1);
        QTest::newRow("no packets") << b.bytes() << QList<int>{} << QList<qint64>{} << QList<int>{} << QList<int>{};
    }
}

void TstPcapngReader::packets()
{
    QFETCH(QByteArray, file);
    QFETCH(QList<int>, linkTypes);
    QFETCH(QList<qint64>, tsUsec);
    QFETCH(QList<int>, capLens);
    QFETCH(QList<int>, wireLens);
    PcapngReader reader;
    QVERIFY2(reader.open(write(file)), reader.error().c_str());
    RawPacket p;
    for (int i = 0; i < linkTypes.size(); ++i) {
        QCOMPARE(reader.next(p), ReadStatus::Packet);
        QCOMPARE(p.linkType, linkTypes[i]);
        QCOMPARE(p.tsUsec, tsUsec[i]);
        QCOMPARE(int(p.capLen), capLens[i]);
        QCOMPARE(int(p.wireLen), wireLens[i]);
        QCOMPARE(p.filePos, uint64_t(i));
        QVERIFY(p.data != nullptr);
        QVERIFY(p.data[0] != 0 && std::memcmp(p.data, QByteArray(p.capLen, char(p.data[0])).constData(), p.capLen) == 0);
    }
    QCOMPARE(reader.next(p), ReadStatus::End);
    QCOMPARE(reader.next(p), ReadStatus::End);
    QCOMPARE(reader.packetsRead(), uint64_t(linkTypes.size()));
}

void TstPcapngReader::corrupt_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("packetsBefore");
    QTest::addColumn<ReadStatus>("status");
    QTest::addColumn<QString>("error");

    PcapngBuilder good;
    good.section(false).interface(1).epb(0, 1, frame(14, 'a'));
    const QByteArray head = good.bytes();
    const PcapngBuilder le;
    QByteArray full = PcapngBuilder(good).epb(0, 2, frame(60, 'b')).bytes();

    QTest::newRow("truncated block body") << full.left(full.size() - 10) << 1 << ReadStatus::Truncated << "truncated";
    QTest::newRow("truncated block header") << head + QByteArray(5, '\x06') << 1 << ReadStatus::Truncated << "truncated";
    QTest::newRow("length too small") << head + le.u32(6) + le.u32(8) + le.u32(8) << 1 << ReadStatus::Error << "below 12";
    QTest::newRow("length not a multiple of 4") << head + le.u32(6) + le.u32(30) + QByteArray(22, 'z') << 1
                                                << ReadStatus::Error << "multiple of 4";
    QTest::newRow("length huge") << head + le.u32(6) + le.u32(0xfffffff0) + QByteArray(64, 'z') << 1
                                 << ReadStatus::Error << "exceeds";
    {
        QByteArray bad = full;
        bad[bad.size() - 1] = 0x7f;  // trailing length
        QTest::newRow("trailing length differs") << bad << 1 << ReadStatus::Error << "trailing block length";
    }
    {
        PcapngBuilder b(good);
        b.block(6, b.u32(0) + b.u32(0) + b.u32(1) + b.u32(200) + b.u32(200) + frame(8, 'c'));
        QTest::newRow("captured length exceeds block") << b.bytes() << 1 << ReadStatus::Error << "exceeds its block";
    }
    {
        PcapngBuilder b(good);
        b.block(6, b.u32(0) + b.u32(0));
        QTest::newRow("packet block too short") << b.bytes() << 1 << ReadStatus::Error << "too short";
    }
    QTest::newRow("packet on unknown interface") << PcapngBuilder(good).epb(3, 1, frame(4, 'q')).bytes() << 1
                                                 << ReadStatus::Error << "interface 3";
    {
        PcapngBuilder b;
        b.section(false).epb(0, 1, frame(4, 'q'));
        QTest::newRow("packet before any interface") << b.bytes() << 0 << ReadStatus::Error << "has 0 interface";
    }
    {
        PcapngBuilder b;
        b.section(false).spb(4, frame(4, 'q'));
        QTest::newRow("simple packet before any interface") << b.bytes() << 0 << ReadStatus::Error << "before any Interface";
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0).spb(100, frame(8, 'q'));
        QTest::newRow("simple packet shorter than its length") << b.bytes() << 0 << ReadStatus::Error << "exceeds its block";
    }
    {
        PcapngBuilder b(good);
        b.section(true).epb(0, 1, frame(4, 'q'));  // interfaces of the first section are gone
        QTest::newRow("second section without interfaces") << b.bytes() << 1 << ReadStatus::Error << "has 0 interface";
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0, b.u16(9) + b.u16(200) + b.u32(0));
        QTest::newRow("option overruns block") << b.bytes() << 0 << ReadStatus::Error << "overruns";
    }
    {
        PcapngBuilder b;
        b.section(false).interface(1, 0, b.option(9, QByteArray(1, char(20))));
        QTest::newRow("tsresol 10^-20") << b.bytes() << 0 << ReadStatus::Error << "if_tsresol";
    }
    {
        PcapngBuilder b;
        b.section(false).block(1, b.u32(1));
        QTest::newRow("interface block too short") << b.bytes() << 0 << ReadStatus::Error << "too short";
    }
    QTest::newRow("second section of version 2") << PcapngBuilder(good).section(false, 2).bytes() << 1
                                                 << ReadStatus::Error << "version 2";
    {
        QByteArray bad = head + PcapngBuilder().section(false).bytes();
        bad[head.size() + 8] = 0x55;  // byte-order magic of the second section
        QTest::newRow("second section without magic") << bad << 1 << ReadStatus::Error << "byte-order magic";
    }
}

void TstPcapngReader::corrupt()
{
    QFETCH(QByteArray, file);
    QFETCH(int, packetsBefore);
    QFETCH(ReadStatus, status);
    QFETCH(QString, error);
    PcapngReader reader;
    QVERIFY2(reader.open(write(file)), reader.error().c_str());
    RawPacket p;
    for (int i = 0; i < packetsBefore; ++i)
        QCOMPARE(reader.next(p), ReadStatus::Packet);
    QCOMPARE(reader.next(p), status);
    QCOMPARE(reader.next(p), status);  // the file stays ended: nothing after a bad block is trusted
    const QString message = QString::fromStdString(reader.error());
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY2(message.contains("offset"), qPrintable(message));
}

void TstPcapngReader::openFailures_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("error");
    const PcapngBuilder le;
    QTest::newRow("empty") << QByteArray() << "not a pcapng file";
    QTest::newRow("classic pcap") << le.u32(0xa1b2c3d4) + QByteArray(20, '\0') << "not a pcapng file";
    QTest::newRow("header cut") << le.u32(0x0A0D0D0A) + le.u32(28) << "truncated";
    QTest::newRow("no byte-order magic") << le.u32(0x0A0D0D0A) + le.u32(28) + le.u32(0x12345678) + QByteArray(16, '\0')
                                         << "byte-order magic";
    QTest::newRow("section too short") << le.u32(0x0A0D0D0A) + le.u32(16) + le.u32(0x1A2B3C4D) + le.u32(16) << "below 28";
    QTest::newRow("version 2") << PcapngBuilder().section(false, 2).bytes() << "version 2";
}

void TstPcapngReader::openFailures()
{
    QFETCH(QByteArray, file);
    QFETCH(QString, error);
    PcapngReader reader;
    QVERIFY(!reader.open(write(file)));
    QVERIFY2(QString::fromStdString(reader.error()).contains(error), reader.error().c_str());
    RawPacket p;
    QCOMPARE(reader.next(p), ReadStatus::Error);  // closed: an error, not a crash
    QVERIFY(!reader.open(dir_.filePath("missing.pcapng").toStdString()));
    QVERIFY(!reader.error().empty());
}

// Packets of equal or smaller size land in the same buffer: no allocation per packet.
void TstPcapngReader::bufferIsReused()
{
    PcapngBuilder b;
    b.section(false).interface(1);
    for (int i = 0; i < 50; ++i)
        b.epb(0, uint64_t(i), frame(100 - i, char('a' + i % 20)));
    PcapngReader reader;
    QVERIFY(reader.open(write(b.bytes())));
    RawPacket p;
    QCOMPARE(reader.next(p), ReadStatus::Packet);
    const uint8_t *first = p.data;
    for (int i = 1; i < 50; ++i) {
        QCOMPARE(reader.next(p), ReadStatus::Packet);
        QCOMPARE(p.data, first);
        QCOMPARE(int(p.capLen), 100 - i);
    }
}

QTEST_GUILESS_MAIN(TstPcapngReader)
#include "tst_pcapng_reader.moc"

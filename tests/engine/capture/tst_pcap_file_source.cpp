// Tests of PcapFileSource's pcapng fallback: libpcap reads until an interface differs from the
// first one, then PcapngReader continues after the packets libpcap delivered (plain and gzip),
// and the real multi-interface capture from ../shared is read whole.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

#include "capture/pcap_file_source.h"
#include "pcapng_builder.h"

using namespace luacap::engine;
using luacap::test::PcapngBuilder;

Q_DECLARE_METATYPE(luacap::engine::ReadStatus)

namespace {
struct Packet {
    int linkType;
    qint64 tsUsec;
    quint64 filePos;
    QByteArray bytes;
};

QByteArray ether(char fill)
{
    return QByteArray(6, '\x02') + QByteArray(6, '\x04') + QByteArray("\x08\x00", 2) + QByteArray(20, fill);
}
} // namespace

class TstPcapFileSource : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    int fileNo_ = 0;

    std::string write(const QByteArray &bytes, bool gzip)
    {
        const QString path = dir_.filePath(QString("f%1.pcapng%2").arg(++fileNo_).arg(gzip ? ".gz" : ""));
        if (gzip) {
            gzFile gz = gzopen(path.toLocal8Bit().constData(), "wb");
            gzwrite(gz, bytes.constData(), unsigned(bytes.size()));
            gzclose(gz);
        } else {
            QFile f(path);
            if (f.open(QIODevice::WriteOnly))
                f.write(bytes);
        }
        return path.toStdString();
    }

    // Reads the whole file; returns the final status.
    ReadStatus readAll(PcapFileSource &source, QList<Packet> &packets)
    {
        RawPacket raw;
        ReadStatus s;
        while ((s = source.next(raw)) == ReadStatus::Packet)
            packets.append({raw.linkType, raw.tsUsec, raw.filePos,
                            QByteArray(reinterpret_cast<const char *>(raw.data), int(raw.capLen))});
        return s;
    }

private slots:
    void fallback_data();
    void fallback();
    void corruptAfterFallback();
    void manyInterfacesCapture();
};

void TstPcapFileSource::fallback_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<bool>("expectFallback");
    QTest::addColumn<QList<int>>("linkTypes");

    // Three packets libpcap delivers, then an interface of another link type.
    PcapngBuilder mixed;
    mixed.section(false).interface(1, 65535);
    mixed.epb(0, 1'000'000, ether('a')).epb(0, 2'000'000, ether('b')).epb(0, 3'000'000, ether('c'));
    mixed.interface(0, 65535).epb(1, 4'000'000, QByteArray("\x02\0\0\0", 4) + QByteArray(20, 'd'));
    mixed.epb(0, 5'000'000, ether('e'));
    const QList<int> mixedTypes{1, 1, 1, 0, 1};
    QTest::newRow("mixed link types") << mixed.bytes() << false << true << mixedTypes;
    QTest::newRow("mixed link types, gzip") << mixed.bytes() << true << true << mixedTypes;

    PcapngBuilder up;  // the second interface differs from the start: libpcap delivers nothing
    up.section(true).interface(1, 65535).interface(101, 65535);
    up.epb(1, 1'000'000, QByteArray(20, 'r')).epb(0, 2'000'000, ether('s'));
    QTest::newRow("differs before any packet, big-endian") << up.bytes() << false << true << QList<int>{12, 1};

    PcapngBuilder snap;  // same link type, other snapshot length: libpcap refuses that too
    snap.section(false).interface(1, 65535).epb(0, 1'000'000, ether('a')).interface(1, 128).epb(1, 2'000'000, ether('b'));
    QTest::newRow("other snapshot length") << snap.bytes() << false << true << QList<int>{1, 1};

    PcapngBuilder plain;
    plain.section(false).interface(1, 65535).interface(1, 65535);
    plain.epb(0, 1'000'000, ether('a')).epb(1, 2'000'000, ether('b'));
    QTest::newRow("uniform interfaces stay with libpcap") << plain.bytes() << false << false << QList<int>{1, 1};
    QTest::newRow("uniform interfaces stay with libpcap, gzip") << plain.bytes() << true << false << QList<int>{1, 1};
}

void TstPcapFileSource::fallback()
{
    QFETCH(QByteArray, file);
    QFETCH(bool, gzip);
    QFETCH(bool, expectFallback);
    QFETCH(QList<int>, linkTypes);
    PcapFileSource source;
    QVERIFY2(source.open(write(file, gzip)), source.error().c_str());
    QVERIFY(source.isPcapng());
    QVERIFY(!source.positionsAreOffsets());
    QList<Packet> packets;
    QVERIFY2(readAll(source, packets) == ReadStatus::End, source.error().c_str());
    QCOMPARE(source.usingPcapngFallback(), expectFallback);
    QCOMPARE(packets.size(), linkTypes.size());
    for (int i = 0; i < packets.size(); ++i) {
        QCOMPARE(packets[i].linkType, linkTypes[i]);
        QCOMPARE(packets[i].filePos, quint64(i));  // ordinals, continuous across the switch
        QCOMPARE(packets[i].tsUsec, qint64(i + 1) * 1'000'000);
        QCOMPARE(packets[i].bytes.size(), linkTypes[i] == 12 ? 20 : linkTypes[i] == 0 ? 24 : 34);
    }
    // Every packet is delivered exactly once: the payload fill letters are all distinct.
    for (int i = 1; i < packets.size(); ++i)
        QVERIFY(packets[i].bytes.back() != packets[i - 1].bytes.back());
}

void TstPcapFileSource::corruptAfterFallback()
{
    PcapngBuilder b;
    b.section(false).interface(1, 65535).epb(0, 1'000'000, ether('a')).interface(0, 65535);
    b.epb(1, 2'000'000, QByteArray(24, 'n'));
    b.raw(b.u32(6) + b.u32(0xfffffff0) + QByteArray(32, 'z'));
    PcapFileSource source;
    QVERIFY(source.open(write(b.bytes(), false)));
    QList<Packet> packets;
    QCOMPARE(readAll(source, packets), ReadStatus::Error);
    QCOMPARE(packets.size(), 2);
    QVERIFY2(QString::fromStdString(source.error()).contains("block length"), source.error().c_str());
}

void TstPcapFileSource::manyInterfacesCapture()
{
    const QString path = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/wireshark/many_interfaces.pcapng.1");
    if (!QFile::exists(path))
        QSKIP("many_interfaces.pcapng.1 is not in LUACAP_SHARED_DIR");
    PcapFileSource source;
    QVERIFY2(source.open(path.toStdString()), source.error().c_str());
    QList<Packet> packets;
    QCOMPARE(readAll(source, packets), ReadStatus::End);
    QVERIFY(source.usingPcapngFallback());
    // As tshark and capinfos count them: 64 packets, 62 Ethernet, 2 BSD loopback.
    QCOMPARE(packets.size(), 64);
    int loopback = 0;
    for (const Packet &p : packets)
        loopback += p.linkType == 0;
    QCOMPARE(loopback, 2);
    QCOMPARE(packets.front().tsUsec, qint64(1439753725'701607));  // frame 1 as tshark shows it
    QCOMPARE(packets.back().tsUsec, qint64(1439753728'292345));
    QCOMPARE(packets.back().filePos, quint64(63));
}

QTEST_GUILESS_MAIN(TstPcapFileSource)
#include "tst_pcap_file_source.moc"

// PcapSeries and the disk thread, without the pipeline: where rotation falls (size, time,
// link type), the positions packets get, the bytes that land at them, and a full write queue
// (disk thread not started yet) dropping packets with FlagNotStored and no position.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "decode/packet_info.h"
#include "pcapstore/pcap_file_index.h"
#include "pcapstore/pcap_format.h"
#include "pcapstore/pcap_series.h"
#include "pcapstore/pcap_store.h"

using namespace luacap::engine;

namespace {
struct Fed {
    uint32_t fileId = 0;
    uint64_t pos = 0;
    bool stored = false;
    QByteArray frame;
};

QByteArray frameOf(int size, int seed)
{
    QByteArray f(size, '\0');
    for (int i = 0; i < size; ++i)
        f[i] = char((seed * 31 + i) & 0xff);
    return f;
}

// Feeds one packet: sizes[i] bytes at times[i] usec with link type links[i].
Fed feed(PcapSeries &series, const QByteArray &frame, int64_t tsUsec, int linkType)
{
    PacketInfo info;
    info.tsUsec = tsUsec;
    series.store(reinterpret_cast<const uint8_t *>(frame.constData()), uint32_t(frame.size()), uint32_t(frame.size()),
                 linkType, info);
    return {info.fileIndex, info.filePos, !(info.flags & FlagNotStored), frame};
}

QByteArray fileBytes(const QString &dir, uint32_t id)
{
    PcapFileIndex index;
    std::string error;
    if (!index.load(dir.toStdString(), &error) || !index.find(id))
        return {};
    QFile f(QString::fromStdString(index.pathOf(*index.find(id))));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestPcapSeries : public QObject {
    Q_OBJECT
private slots:
    void rotation_data();
    void rotation();
    void fullQueueDrops();
};

void TestPcapSeries::rotation_data()
{
    QTest::addColumn<qulonglong>("maxFileBytes");
    QTest::addColumn<qlonglong>("maxFileTimeUsec");
    QTest::addColumn<QList<int>>("sizes");
    QTest::addColumn<QList<qlonglong>>("times");
    QTest::addColumn<QList<int>>("links");
    QTest::addColumn<QList<int>>("fileIds");
    const QList<qlonglong> t0 = {0, 1, 2, 3};
    QTest::newRow("two fit exactly") << qulonglong(24 + 2 * 116) << 0ll << QList<int>{100, 100, 100} << t0
                                     << QList<int>{1, 1, 1} << QList<int>{1, 1, 2};
    QTest::newRow("one byte short") << qulonglong(24 + 2 * 116 - 1) << 0ll << QList<int>{100, 100, 100} << t0
                                    << QList<int>{1, 1, 1} << QList<int>{1, 2, 3};
    QTest::newRow("oversized packet alone") << qulonglong(50) << 0ll << QList<int>{100, 100} << t0
                                            << QList<int>{1, 1} << QList<int>{1, 2};
    QTest::newRow("link type change") << qulonglong(1 << 20) << 0ll << QList<int>{60, 60, 60, 60} << t0
                                      << QList<int>{1, 1, 101, 1} << QList<int>{1, 1, 2, 3};
    QTest::newRow("time limit") << qulonglong(1 << 20) << 1'000'000ll << QList<int>{60, 60, 60, 60}
                                << QList<qlonglong>{0, 500'000, 1'000'000, 1'999'999} << QList<int>{1, 1, 1, 1}
                                << QList<int>{1, 1, 2, 2};
}

void TestPcapSeries::rotation()
{
    QFETCH(qulonglong, maxFileBytes);
    QFETCH(qlonglong, maxFileTimeUsec);
    QFETCH(QList<int>, sizes);
    QFETCH(QList<qlonglong>, times);
    QFETCH(QList<int>, links);
    QFETCH(QList<int>, fileIds);
    QTemporaryDir dir;
    PcapStoreConfig config;
    config.dir = dir.path().toStdString();
    config.maxFileBytes = maxFileBytes;
    config.maxFileTimeUsec = maxFileTimeUsec;
    config.freeSpacePercent = 0;
    PcapStore store(config);
    std::string error;
    QVERIFY2(store.open(&error), error.c_str());
    PcapSeries &series = store.addSeries(2048);
    store.start();
    QList<Fed> fed;
    const int64_t base = 1'700'000'000'000'000;
    for (int i = 0; i < sizes.size(); ++i)
        fed.append(feed(series, frameOf(sizes[i], i), base + times[i], links[i]));
    series.finish();
    store.wait();
    QCOMPARE(store.counters().filesOpened, uint64_t(fileIds.last()));
    uint64_t expectedPos = 0;
    for (int i = 0; i < fed.size(); ++i) {
        QVERIFY(fed[i].stored);
        QCOMPARE(int(fed[i].fileId), fileIds[i]);
        // The first packet of a file follows its header; each next one follows the previous.
        expectedPos = i > 0 && fileIds[i] == fileIds[i - 1] ? expectedPos + 16 + uint64_t(sizes[i - 1]) : 24;
        QCOMPARE(fed[i].pos, expectedPos);
        const QByteArray file = fileBytes(dir.path(), fed[i].fileId);
        const PcapRecordHeader h = PcapFormat::readRecordHeader(reinterpret_cast<const uint8_t *>(file.constData() + fed[i].pos));
        QCOMPARE(h.tsUsec, base + times[i]);
        QCOMPARE(int(h.capLen), sizes[i]);
        QCOMPARE(file.mid(qsizetype(fed[i].pos) + 16, sizes[i]), fed[i].frame);
        int link = 0;
        uint32_t snap = 0;
        QVERIFY(PcapFormat::readFileHeader(reinterpret_cast<const uint8_t *>(file.constData()), &snap, &link));
        QCOMPARE(link, links[i]);
        QCOMPARE(snap, 2048u);
    }
}

// Two 4 KiB blocks and no disk thread yet: once both are full, packets are dropped, counted
// and marked; after the disk starts, exactly the stored ones are in the file.
void TestPcapSeries::fullQueueDrops()
{
    QTemporaryDir dir;
    PcapStoreConfig config;
    config.dir = dir.path().toStdString();
    config.writeBlockBytes = 4096;
    config.writeQueueBlocks = 2;
    config.freeSpacePercent = 0;
    PcapStore store(config);
    std::string error;
    QVERIFY2(store.open(&error), error.c_str());
    PcapSeries &series = store.addSeries(2048);
    QList<Fed> fed;
    for (int i = 0; i < 20; ++i)
        fed.append(feed(series, frameOf(1000, i), 1'700'000'000'000'000 + i, 1));
    int stored = 0;
    for (const Fed &f : fed) {
        stored += f.stored ? 1 : 0;
        if (!f.stored)
            QCOMPARE(f.fileId, 0u);   // never given a position
    }
    QCOMPARE(stored, 10);   // 24 + 4 * 1016 crosses 4096 with the 5th packet: two blocks of 5
    QCOMPARE(store.counters().writeDrops, uint64_t(20 - stored));
    QCOMPARE(store.counters().packets, uint64_t(stored));
    store.start();
    series.finish();
    store.wait();
    QCOMPARE(fileBytes(dir.path(), 1).size(), 24 + stored * 1016);
}

QTEST_GUILESS_MAIN(TestPcapSeries)
#include "tst_pcap_series.moc"

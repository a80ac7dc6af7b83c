// Tests for PacketPositions: positions, lengths and file markers read back exactly as added,
// whatever the deltas (backwards, huge, across files), and the buffer stays small.
#include <QtTest>

#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "session/packet_positions.h"

using namespace luacap::engine;

class TstPacketPositions : public QObject {
    Q_OBJECT
private slots:
    void empty();
    void roundTrip_data();
    void roundTrip();
    void fileMarkers();
    void clearRestarts();
    void copyAndMove();
    void compact();
};

void TstPacketPositions::empty()
{
    PacketPositions p;
    QVERIFY(p.empty());
    QVERIFY(p.positions().begin() == p.positions().end());
    QVERIFY(p.lengths().begin() == p.lengths().end());
    QCOMPARE(p.capacityBytes(), size_t(0));
}

void TstPacketPositions::roundTrip_data()
{
    QTest::addColumn<std::vector<uint64_t>>("pos");
    QTest::addColumn<std::vector<uint32_t>>("len");
    QTest::newRow("one") << std::vector<uint64_t>{24} << std::vector<uint32_t>{94};
    QTest::newRow("growing") << std::vector<uint64_t>{24, 118, 208, 70000, 70100} << std::vector<uint32_t>{94, 90, 82, 1530, 0};
    QTest::newRow("backwards") << std::vector<uint64_t>{5000, 24, 4999, 0} << std::vector<uint32_t>{1, 2, 3, 4};
    QTest::newRow("extremes") << std::vector<uint64_t>{uint64_t(INT64_MAX), 0, uint64_t(INT64_MAX) - 1, 1ull << 40}
                              << std::vector<uint32_t>{UINT32_MAX, 0, 65551, 127};
}

void TstPacketPositions::roundTrip()
{
    QFETCH(std::vector<uint64_t>, pos);
    QFETCH(std::vector<uint32_t>, len);
    PacketPositions p;
    for (size_t i = 0; i < pos.size(); ++i)
        p.add(0, pos[i], len[i]);
    QCOMPARE(p.size(), pos.size());
    std::vector<int64_t> expected(pos.begin(), pos.end());
    QCOMPARE(p.positionVector(), expected);
    QCOMPARE(p.lengthVector(), len);
    QCOMPARE(size_t(std::distance(p.positions().begin(), p.positions().end())), pos.size());
}

// A marker (-fileIndex, length 0) is listed before the first packet of each file change.
void TstPacketPositions::fileMarkers()
{
    PacketPositions p;
    QVERIFY(!p.hasMarkers());
    p.add(3, 24, 94);
    QVERIFY(p.hasMarkers());
    p.add(3, 118, 90);
    p.add(4, 24, 80);
    p.add(4, 104, 70);
    p.add(0, 1000, 60);
    QCOMPARE(p.positionVector(), (std::vector<int64_t>{-3, 24, 118, -4, 24, 104, 0, 1000}));
    QCOMPARE(p.lengthVector(), (std::vector<uint32_t>{0, 94, 90, 0, 80, 70, 0, 60}));
}

// After a mid-save the list starts again, with a marker unless the packet's file is 0.
void TstPacketPositions::clearRestarts()
{
    PacketPositions p;
    p.add(2, 5000, 10);
    p.clear();
    QVERIFY(p.empty());
    p.add(2, 6000, 20);
    QCOMPARE(p.positionVector(), (std::vector<int64_t>{-2, 6000}));
    p.clear();
    p.add(0, 7000, 30);
    QVERIFY(!p.hasMarkers());
    QCOMPARE(p.positionVector(), std::vector<int64_t>{7000});
    QCOMPARE(p.lengthVector(), std::vector<uint32_t>{30});
}

void TstPacketPositions::copyAndMove()
{
    PacketPositions p;
    for (uint32_t i = 0; i < 100; ++i)
        p.add(0, 24 + 100 * i, i);
    PacketPositions copy(p);
    p.add(0, 1, 1);
    QCOMPARE(copy.size(), size_t(100));
    QCOMPARE(copy.positionVector().back(), int64_t(24 + 100 * 99));
    PacketPositions moved(std::move(p));
    QCOMPARE(moved.size(), size_t(101));
    copy = moved;
    QCOMPARE(copy.lengthVector(), moved.lengthVector());
    copy.add(0, 2, 2);
    QCOMPARE(copy.size(), size_t(102));
    QCOMPARE(moved.size(), size_t(101));
}

// A typical flow (a few KB between its packets in the file) takes about 4 bytes a packet.
void TstPacketPositions::compact()
{
    PacketPositions dns;
    dns.add(0, 3889, 94);
    dns.add(0, 14509, 126);
    QCOMPARE(dns.capacityBytes(), size_t(24));
    PacketPositions tcp;
    uint64_t pos = 1799;
    for (int i = 0; i < 25; ++i)
        tcp.add(0, pos += 1000 + 300 * (i % 7), 90 + 60 * (i % 3));
    QVERIFY2(tcp.capacityBytes() <= 136, std::to_string(tcp.capacityBytes()).c_str());
}

QTEST_GUILESS_MAIN(TstPacketPositions)
#include "tst_packet_positions.moc"

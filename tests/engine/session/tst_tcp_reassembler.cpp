// Tests for TcpReassembler: in-order, out-of-order, retransmission, overlap (first arrival
// wins), wrap-around at 2^32, bounded holding with gaps, flush, zero-length segments.
#include <QtTest>

#include <string>
#include <vector>

#include "session/tcp_reassembler.h"

using namespace luacap::engine;

namespace {
struct Seg {
    uint32_t seq;
    std::string data;
};
using Segs = std::vector<Seg>;

// Records deliveries as text; a gap of N bytes shows as <N>.
class TextSink : public StreamSink {
public:
    void data(const uint8_t *bytes, uint32_t len) override { out.append(reinterpret_cast<const char *>(bytes), len); }
    void gap(uint32_t len) override { out += "<" + std::to_string(len) + ">"; }
    std::string out;
};
} // namespace

Q_DECLARE_METATYPE(Segs)

class TstTcpReassembler : public QObject {
    Q_OBJECT
private slots:
    void deliveries_data();
    void deliveries();
    void notStartedStartsAtFirstSegment();
    void boundIsKept();
};

void TstTcpReassembler::deliveries_data()
{
    QTest::addColumn<uint32_t>("start");
    QTest::addColumn<Segs>("segments");
    QTest::addColumn<uint32_t>("maxHeld");
    QTest::addColumn<bool>("flush");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<int>("retransmitted");
    QTest::addColumn<int>("overlap");
    QTest::addColumn<int>("gaps");
    QTest::addColumn<int>("gapBytes");
    QTest::addColumn<uint32_t>("nextSeq");

    const uint32_t big = 1u << 20;
    QTest::newRow("in order") << 1000u << Segs{{1000, "abc"}, {1003, "def"}} << big << false << "abcdef" << 0 << 0 << 0 << 0
                              << 1006u;
    QTest::newRow("reverse order") << 1000u << Segs{{1006, "ghi"}, {1003, "def"}, {1000, "abc"}} << big << false
                                   << "abcdefghi" << 0 << 0 << 0 << 0 << 1009u;
    QTest::newRow("exact retransmission") << 1000u << Segs{{1000, "abc"}, {1000, "abc"}, {1003, "def"}} << big << false
                                          << "abcdef" << 3 << 0 << 0 << 0 << 1006u;
    QTest::newRow("retransmission with new tail") << 1000u << Segs{{1000, "abcd"}, {1002, "CDef"}} << big << false
                                                  << "abcdef" << 2 << 0 << 0 << 0 << 1006u;
    QTest::newRow("overlap right of new (held wins)")
        << 1000u << Segs{{1004, "efgh"}, {1002, "CDEF"}, {1000, "ab"}} << big << false << "abCDefgh" << 0 << 2 << 0 << 0
        << 1008u;
    QTest::newRow("overlap left of new (held wins)")
        << 1000u << Segs{{1004, "efgh"}, {1006, "GHij"}, {1000, "abcd"}} << big << false << "abcdefghij" << 0 << 2 << 0
        << 0 << 1010u;
    QTest::newRow("segment covering several held")
        << 1000u << Segs{{1002, "c"}, {1005, "f"}, {1008, "i"}, {1000, "abCdeFghIj"}} << big << false << "abcdefghij" << 0
        << 3 << 0 << 0 << 1010u;
    QTest::newRow("held segment inside new one") << 1000u << Segs{{1003, "de"}, {1000, "abcDEfg"}} << big << false
                                                 << "abcdefg" << 0 << 2 << 0 << 0 << 1007u;
    QTest::newRow("delivered and held overlap") << 1000u << Segs{{1000, "abc"}, {1006, "ghi"}, {1001, "BCDEFG"}} << big
                                                << false << "abcDEFghi" << 2 << 1 << 0 << 0 << 1009u;
    QTest::newRow("wrap in order") << 0xFFFFFFFCu << Segs{{0xFFFFFFFCu, "abcd"}, {0u, "efgh"}} << big << false
                                   << "abcdefgh" << 0 << 0 << 0 << 0 << 4u;
    QTest::newRow("wrap out of order") << 0xFFFFFFFDu << Segs{{1u, "efg"}, {0xFFFFFFFDu, "abcd"}} << big << false
                                       << "abcdefg" << 0 << 0 << 0 << 0 << 4u;
    QTest::newRow("retransmission across wrap") << 0xFFFFFFFEu << Segs{{0xFFFFFFFEu, "abcd"}, {0xFFFFFFFFu, "bcde"}}
                                                << big << false << "abcde" << 3 << 0 << 0 << 0 << 3u;
    QTest::newRow("gap on overflow") << 1000u << Segs{{1010, "klm"}, {1020, "uvw"}, {1000, "abc"}} << 4u << false
                                     << "<10>klm" << 3 << 0 << 1 << 10 << 1013u;
    QTest::newRow("overflow chains deliveries") << 1000u << Segs{{1005, "fg"}, {1007, "hi"}, {1012, "mno"}} << 6u << false
                                                << "<5>fghi" << 0 << 0 << 1 << 5 << 1009u;
    QTest::newRow("flush with holes") << 1000u << Segs{{1003, "def"}, {1010, "klm"}} << big << true << "<3>def<4>klm" << 0
                                      << 0 << 2 << 7 << 1013u;
    QTest::newRow("flush with nothing held") << 1000u << Segs{{1000, "abc"}} << big << true << "abc" << 0 << 0 << 0 << 0
                                             << 1003u;
    QTest::newRow("zero-length segments") << 1000u << Segs{{1000, ""}, {1005, ""}, {1000, "abc"}, {1003, ""}} << big
                                          << false << "abc" << 0 << 0 << 0 << 0 << 1003u;
    // After a SYN with ISN 999 the stream starts at 1000; a retransmitted SYN carrying data
    // (seq 999) has its first byte before the stream: only its tail is new. A FIN is a
    // zero-length segment to the reassembler.
    QTest::newRow("SYN occupies one sequence number") << 1000u << Segs{{999, "Xab"}, {1002, "c"}} << big << false << "abc"
                                                      << 1 << 0 << 0 << 0 << 1003u;
    QTest::newRow("FIN carries no bytes") << 1000u << Segs{{1000, "abc"}, {1003, ""}} << big << true << "abc" << 0 << 0
                                          << 0 << 0 << 1003u;
}

void TstTcpReassembler::deliveries()
{
    QFETCH(uint32_t, start);
    QFETCH(Segs, segments);
    QFETCH(uint32_t, maxHeld);
    QFETCH(bool, flush);
    QFETCH(QString, expected);
    QFETCH(int, retransmitted);
    QFETCH(int, overlap);
    QFETCH(int, gaps);
    QFETCH(int, gapBytes);
    QFETCH(uint32_t, nextSeq);

    TcpReassembler r(maxHeld);
    r.start(start);
    TextSink sink;
    for (const Seg &s : segments)
        r.segment(s.seq, reinterpret_cast<const uint8_t *>(s.data.data()), uint32_t(s.data.size()), sink);
    if (flush) {
        r.flush(sink);
        QCOMPARE(r.heldBytes(), 0u);
    }
    QCOMPARE(QString::fromStdString(sink.out), expected);
    QCOMPARE(int(r.stats().retransmittedBytes), retransmitted);
    QCOMPARE(int(r.stats().overlapBytes), overlap);
    QCOMPARE(int(r.stats().gaps), gaps);
    QCOMPARE(int(r.stats().gapBytes), gapBytes);
    QCOMPARE(r.nextSeq(), nextSeq);
    int delivered = 0;
    for (char c : sink.out)
        delivered += (c == '<' || c == '>' || (c >= '0' && c <= '9')) ? 0 : 1;
    QCOMPARE(int(r.stats().deliveredBytes), delivered);
}

void TstTcpReassembler::notStartedStartsAtFirstSegment()
{
    TcpReassembler r;
    TextSink sink;
    QVERIFY(!r.started());
    r.segment(5000, reinterpret_cast<const uint8_t *>("hello"), 5, sink);
    QVERIFY(r.started());
    QCOMPARE(QString::fromStdString(sink.out), QStringLiteral("hello"));
    QCOMPARE(r.nextSeq(), 5005u);
}

void TstTcpReassembler::boundIsKept()
{
    TcpReassembler r(100);
    r.start(0);
    TextSink sink;
    const std::string chunk(30, 'x');
    // Every other 30-byte segment is missing: the held bytes must never exceed the bound.
    for (uint32_t i = 1; i < 40; i += 2) {
        r.segment(i * 30, reinterpret_cast<const uint8_t *>(chunk.data()), 30, sink);
        QVERIFY2(r.heldBytes() <= 100, qPrintable(QString::number(r.heldBytes())));
    }
    QVERIFY(r.stats().gaps > 0);
    r.flush(sink);
    QCOMPARE(r.stats().deliveredBytes + r.stats().gapBytes, uint64_t(40 * 30));
}

QTEST_GUILESS_MAIN(TstTcpReassembler)
#include "tst_tcp_reassembler.moc"

// Tests for what a running daemon needs from SessionTable: maxStreams (a full table saves its
// least recently active session before it creates a new one) and observer sets (a reload's
// observers get only the sessions created after it; older sessions keep theirs until freed).
// UDP packets are built by hand (no decoder involved).
#include <QtTest>

#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "plugin/session_observer.h"
#include "session/session_table.h"

using namespace luacap::engine;

namespace {
constexpr int64_t kT0 = 1'700'000'000'000'000;
constexpr int64_t kSec = 1'000'000;
constexpr uint32_t kHeader = 42;   // Ethernet + IPv4 + UDP

// A datagram from 10.0.0.1:port to 10.0.0.2:53 at t, with its bytes.
struct Datagram {
    PacketInfo info;
    std::vector<uint8_t> bytes = std::vector<uint8_t>(kHeader + 4, 0);
};

Datagram datagram(uint16_t port, int64_t t)
{
    Datagram d;
    const uint8_t src[4] = {10, 0, 0, 1}, dst[4] = {10, 0, 0, 2};
    PacketInfo &i = d.info;
    i.kind = PacketKind::Session;
    i.srcIsA = makeSessionKey(AddressFamily::V4, src, dst, port, 53, 17, 0, i.key);
    i.hash = i.key.hash();
    i.tsUsec = i.clockUsec = t;
    i.ipProtocol = 17;
    i.etherType = 0x0800;
    i.payloadOffset = kHeader;
    i.payloadLen = 4;
    i.capLen = i.wireLen = uint32_t(d.bytes.size());
    return d;
}

// Counts what it is called for, per session source port.
class CountingObserver : public SessionObserver {
public:
    void onNewSession(Session &s) override { created.push_back(port(s)); }
    void onPacket(Session &s, const PacketInfo &, const uint8_t *, int) override { packets.push_back(port(s)); }
    void onSessionFreed(Session &s) override { freed.push_back(port(s)); }
    static int port(const Session &s) { return s.key.portA; }   // 10.0.0.1 is endpoint A
    std::vector<int> created, packets, freed;
};

struct Saved {
    int port;
    SaveReason reason;
    int64_t saveUsec;
    uint64_t packets;
};

struct Harness {
    explicit Harness(uint32_t maxStreams)
        : table(config(maxStreams), registry, [this](Session &s, SaveReason r, const SaveOrder &o) {
              saved.push_back({CountingObserver::port(s), r, o.saveUsec, s.dir[0].packets + s.dir[1].packets});
          })
    {
    }
    static SessionTableConfig config(uint32_t maxStreams)
    {
        SessionTableConfig c;
        c.udpTimeoutUsec = 60 * kSec;
        c.maxStreams = maxStreams;
        return c;
    }
    void feed(uint16_t port, int64_t t)
    {
        const Datagram d = datagram(port, t);
        table.advanceClock(t);
        table.process(d.info, d.bytes.data());
    }
    FieldRegistry registry;
    std::vector<Saved> saved;
    SessionTable table;
};
} // namespace

class TstSessionTableSets : public QObject {
    Q_OBJECT

private slots:
    void maxStreams_data();
    void maxStreams();
    void maxStreamsSavesLeastRecentlyActive();
    void observerSetsKeepTheirSessions();
    void drainedSetsReportedOnce();
};

void TstSessionTableSets::maxStreams_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("sessions");
    QTest::newRow("no limit") << 0 << 20;
    QTest::newRow("below the limit") << 20 << 20;
    QTest::newRow("limit 1") << 1 << 5;
    QTest::newRow("limit 4") << 4 << 20;
}

// At most `limit` open; each session beyond it saves the oldest first, at the new packet's time.
void TstSessionTableSets::maxStreams()
{
    QFETCH(int, limit);
    QFETCH(int, sessions);
    Harness h{uint32_t(limit)};
    for (int i = 0; i < sessions; ++i)
        h.feed(uint16_t(1000 + i), kT0 + i * kSec);
    const int forced = limit == 0 ? 0 : std::max(0, sessions - limit);
    QCOMPARE(int(h.table.size()), sessions - forced);
    QCOMPARE(int(h.table.forcedByMaxStreams()), forced);
    QCOMPARE(int(h.saved.size()), forced);
    for (int i = 0; i < forced; ++i) {
        QCOMPARE(h.saved[size_t(i)].port, 1000 + i);
        QCOMPARE(h.saved[size_t(i)].reason, SaveReason::Timeout);
        QCOMPARE(h.saved[size_t(i)].saveUsec, kT0 + (i + limit) * kSec);
    }
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(int(h.saved.size()), sessions);
}

// "Oldest" is by last packet, not by creation: a session that keeps talking stays.
void TstSessionTableSets::maxStreamsSavesLeastRecentlyActive()
{
    Harness h(2);
    h.feed(1, kT0);
    h.feed(2, kT0 + 1 * kSec);
    h.feed(1, kT0 + 2 * kSec);   // 1 is now more recent than 2
    h.feed(3, kT0 + 3 * kSec);
    QCOMPARE(int(h.saved.size()), 1);
    QCOMPARE(h.saved[0].port, 2);
    h.feed(4, kT0 + 4 * kSec);
    QCOMPARE(int(h.saved.size()), 2);
    QCOMPARE(h.saved[1].port, 1);
    QCOMPARE(h.saved[1].packets, uint64_t(2));
}

void TstSessionTableSets::observerSetsKeepTheirSessions()
{
    Harness h(0);
    CountingObserver first, second;
    h.table.addObserver(&first);
    h.feed(1, kT0);
    QCOMPARE(h.table.beginObserverSet({&second}), 1u);
    h.feed(2, kT0 + kSec);   // new: the second set
    h.feed(1, kT0 + 2 * kSec);   // old: still the first
    QCOMPARE(first.created, std::vector<int>{1});
    QCOMPARE(second.created, std::vector<int>{2});
    QCOMPARE(first.packets, (std::vector<int>{1, 1}));
    QCOMPARE(second.packets, std::vector<int>{2});
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(first.freed, std::vector<int>{1});
    QCOMPARE(second.freed, std::vector<int>{2});
}

// A replaced set is reported when its last session is freed, once; the current set never.
void TstSessionTableSets::drainedSetsReportedOnce()
{
    Harness h(0);
    CountingObserver first, second, third;
    h.table.addObserver(&first);
    h.feed(1, kT0);
    h.table.beginObserverSet({&second});
    QVERIFY(h.table.takeDrainedSets().empty());   // session 1 still uses set 0
    h.feed(2, kT0 + 70 * kSec);                   // session 1 times out (udp 60 s) on the way
    QCOMPARE(h.table.takeDrainedSets(), std::vector<uint32_t>{0});
    QVERIFY(h.table.takeDrainedSets().empty());
    h.table.beginObserverSet({&third});
    QVERIFY(h.table.takeDrainedSets().empty());   // session 2 still uses set 1
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.table.takeDrainedSets(), std::vector<uint32_t>{1});
    QVERIFY(third.created.empty());
}

QTEST_GUILESS_MAIN(TstSessionTableSets)
#include "tst_session_table_sets.moc"

// Tests for SessionTable: key symmetry, initiator rules, counters, TCP flags, payload8,
// timeouts per protocol, FIN/RST linger, mid-save and maxPackets, SaveOrder, determinism
// across tables. Packets are built by hand (no decoder involved).
#include <QtTest>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "plugin/session_observer.h"
#include "session/session_table.h"

using namespace luacap::engine;

namespace {
constexpr int64_t kT0 = 1'700'000'000'000'000;
constexpr int64_t kSec = 1'000'000;
constexpr uint16_t kHeader = 54;  // Ethernet + IPv4 + TCP without options

// One hand-made packet and its bytes (headers zeroed, payload after them).
struct Pkt {
    PacketInfo info;
    std::vector<uint8_t> bytes;
};

struct Flow {
    uint8_t ipProtocol = 6;
    uint8_t a = 1, b = 2;  // last byte of 10.0.0.x
    uint16_t portA = 40000, portB = 80;
};

Pkt makePacket(const Flow &f, bool fromA, int64_t ts, const std::string &payload = {}, uint16_t flags = 0,
               uint32_t seq = 0, uint32_t ack = 0)
{
    Pkt p;
    const uint8_t src[4] = {10, 0, 0, fromA ? f.a : f.b};
    const uint8_t dst[4] = {10, 0, 0, fromA ? f.b : f.a};
    PacketInfo &i = p.info;
    i.kind = PacketKind::Session;
    i.srcIsA = makeSessionKey(AddressFamily::V4, src, dst, fromA ? f.portA : f.portB, fromA ? f.portB : f.portA,
                              f.ipProtocol, 0, i.key);
    i.hash = i.key.hash();
    i.tsUsec = ts;
    i.clockUsec = ts;
    i.ipProtocol = f.ipProtocol;
    i.etherType = 0x0800;
    i.ttl = fromA ? 64 : 50;
    i.tcpFlags = flags;
    i.tcpSeq = seq;
    i.tcpAck = ack;
    i.tcpWindow = 1000;
    i.payloadOffset = kHeader;
    i.payloadLen = uint16_t(payload.size());
    p.bytes.assign(kHeader, 0);
    p.bytes.insert(p.bytes.end(), payload.begin(), payload.end());
    i.capLen = uint32_t(p.bytes.size());
    i.wireLen = i.capLen;
    i.hasMac = true;
    i.srcMac = {0, 0, 0, 0, 0, uint8_t(fromA ? 0xa : 0xb)};
    i.dstMac = {0, 0, 0, 0, 0, uint8_t(fromA ? 0xb : 0xa)};
    return p;
}

// What a test needs to know of a saved session (the Session itself is freed after saving).
struct Saved {
    SaveReason reason;
    SaveOrder order;
    bool sourceIsA;
    uint64_t packets[2], bytes[2], dataBytes[2];
    std::string payload8[2];
    std::vector<uint8_t> ttls[2];
    size_t macs[2];
    TcpFlagCounts flags;
    uint32_t segmentCount;
    std::vector<int64_t> packetPos;
    std::vector<uint32_t> packetLen;
    std::vector<std::string> protocols, tags;
    int64_t firstPacketUsec, lastPacketUsec;

    // A one-line summary for comparing whole save sequences.
    std::string line() const
    {
        return std::to_string(int(reason)) + " " + std::to_string(order.saveUsec) + " " +
               std::to_string(order.key.portA) + "-" + std::to_string(order.key.portB) + " " +
               std::to_string(firstPacketUsec) + " " + std::to_string(packets[0]) + "/" + std::to_string(packets[1]) +
               " " + std::to_string(dataBytes[0]) + "/" + std::to_string(dataBytes[1]) + " seg" +
               std::to_string(segmentCount) + " fin" + std::to_string(flags.fin);
    }
};

std::vector<std::string> strings(const SessionFields &f, int id)
{
    const auto *v = f.strings(id);
    return v ? v->toVector<std::string>() : std::vector<std::string>{};
}

Saved snapshot(const Session &s, SaveReason reason, const SaveOrder &order)
{
    Saved r{};
    r.reason = reason;
    r.order = order;
    r.sourceIsA = s.sourceIsA;
    for (int d = 0; d < 2; ++d) {
        r.packets[d] = s.dir[d].packets;
        r.bytes[d] = s.dir[d].bytes;
        r.dataBytes[d] = s.dir[d].dataBytes;
        r.payload8[d].assign(reinterpret_cast<const char *>(s.dir[d].payload8.data()), s.dir[d].payload8Len);
        r.ttls[d] = s.dir[d].ttls;
        r.macs[d] = s.dir[d].macs.size();
    }
    r.flags = s.tcpFlags;
    r.segmentCount = s.segmentCount;
    r.packetPos = s.positions.positionVector();
    r.packetLen = s.positions.lengthVector();
    r.protocols = strings(s.fields, FieldRegistry::Protocol);
    r.tags = strings(s.fields, FieldRegistry::Tags);
    r.firstPacketUsec = s.firstPacketUsec;
    r.lastPacketUsec = s.lastPacketUsec;
    return r;
}

// Records what observers see, per direction.
class RecordingObserver : public SessionObserver {
public:
    void onNewSession(Session &) override { ++newSessions; }
    void onData(Session &, int dir, const uint8_t *data, uint32_t len) override
    {
        stream[dir].append(reinterpret_cast<const char *>(data), len);
    }
    void onGap(Session &, int dir, uint32_t len) override { stream[dir] += "<" + std::to_string(len) + ">"; }
    void onPreSave(Session &, bool final) override { preSaves += final ? "F" : "M"; }
    int newSessions = 0;
    std::string stream[2];
    std::string preSaves;
};

// A table plus the saves it emitted.
struct Harness {
    explicit Harness(const SessionTableConfig &config = {})
        : table(config, registry, [this](Session &s, SaveReason r, const SaveOrder &o) {
              saved.push_back(snapshot(s, r, o));
              preSavesAtSave.push_back(observer.preSaves);
          })
    {
        table.addObserver(&observer);
    }
    void feed(const Pkt &p)
    {
        table.advanceClock(p.info.clockUsec);
        table.process(p.info, p.bytes.data());
    }
    FieldRegistry registry;
    RecordingObserver observer;
    std::vector<Saved> saved;
    std::vector<std::string> preSavesAtSave;
    SessionTable table;
};

SessionTableConfig testConfig()
{
    SessionTableConfig c;
    c.tcpTimeoutUsec = 400 * kSec;
    c.udpTimeoutUsec = 60 * kSec;
    c.icmpTimeoutUsec = 10 * kSec;
    c.sctpTimeoutUsec = 30 * kSec;
    c.espTimeoutUsec = 90 * kSec;
    c.otherTimeoutUsec = 120 * kSec;
    c.tcpCloseLingerUsec = 5 * kSec;
    c.midSaveUsec = 0;  // off unless a test wants it
    return c;
}
} // namespace

class TstSessionTable : public QObject {
    Q_OBJECT
private slots:
    void keySymmetry();
    void initiator_data();
    void initiator();
    void countersAndPositions();
    void tcpFlagsAsArkime();
    void zeroWindows();
    void tcpStreamThroughObservers();
    void synAckFirstStartsBothStreams();
    void timeouts_data();
    void timeouts();
    void closeLinger_data();
    void closeLinger();
    void midSave();
    void noMidSaveForUdp();
    void maxPackets();
    void saveOrderWithinOneCall();
    void saveAllSorted();
    void protocolsAndTags();
    void determinismAcrossTables();
};

void TstSessionTable::keySymmetry()
{
    Harness h(testConfig());
    const Flow udp{17, 1, 2, 5353, 53};
    h.feed(makePacket(udp, true, kT0, "q"));
    h.feed(makePacket(udp, false, kT0 + 10, "rr"));
    QCOMPARE(h.table.size(), size_t(1));
    QCOMPARE(h.table.sessionsCreated(), uint64_t(1));
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.size(), size_t(1));
    QCOMPARE(h.saved[0].packets[0], uint64_t(1));
    QCOMPARE(h.saved[0].packets[1], uint64_t(1));
    QCOMPARE(h.table.size(), size_t(0));
}

void TstSessionTable::initiator_data()
{
    QTest::addColumn<int>("ipProtocol");
    QTest::addColumn<bool>("firstFromA");
    QTest::addColumn<int>("firstFlags");
    QTest::addColumn<bool>("sourceIsA");

    QTest::newRow("tcp SYN from A") << 6 << true << int(TcpSyn) << true;
    QTest::newRow("tcp SYN from B") << 6 << false << int(TcpSyn) << false;
    QTest::newRow("tcp SYN-ACK first from B") << 6 << false << int(TcpSyn | TcpAck) << true;
    QTest::newRow("tcp SYN-ACK first from A") << 6 << true << int(TcpSyn | TcpAck) << false;
    QTest::newRow("tcp mid-stream ACK from B") << 6 << false << int(TcpAck) << false;
    QTest::newRow("udp first from B") << 17 << false << 0 << false;
    QTest::newRow("udp first from A") << 17 << true << 0 << true;
}

void TstSessionTable::initiator()
{
    QFETCH(int, ipProtocol);
    QFETCH(bool, firstFromA);
    QFETCH(int, firstFlags);
    QFETCH(bool, sourceIsA);

    Harness h(testConfig());
    const Flow f{uint8_t(ipProtocol)};
    h.feed(makePacket(f, firstFromA, kT0, {}, uint16_t(firstFlags), 100, 200));
    h.feed(makePacket(f, !firstFromA, kT0 + 1, {}, ipProtocol == 6 ? uint16_t(TcpAck) : uint16_t(0), 200, 101));
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.size(), size_t(1));
    QCOMPARE(h.saved[0].sourceIsA, sourceIsA);
    // Direction 0 is the initiator's: its first packet counts there exactly when it initiated.
    const bool firstIsSource = firstFromA == sourceIsA;
    QCOMPARE(h.saved[0].ttls[0].front(), uint8_t(firstIsSource == firstFromA ? 64 : 50));
}

void TstSessionTable::countersAndPositions()
{
    Harness h(testConfig());
    const Flow udp{17, 1, 2, 5353, 53};
    Pkt p1 = makePacket(udp, true, kT0, "0123456789");
    p1.info.filePos = 24;
    Pkt p2 = makePacket(udp, true, kT0 + 5, "abc");
    p2.info.filePos = 200;
    p2.info.ttl = 63;
    Pkt p3 = makePacket(udp, false, kT0 + 9, "xyz");
    p3.info.filePos = 400;
    p3.info.fileIndex = 2;  // the next input file: Arkime pushes a -fileId marker first
    for (const Pkt *p : {&p1, &p2, &p3})
        h.feed(*p);
    h.table.saveAll(SaveReason::EndOfInput);
    const Saved &s = h.saved.at(0);
    QCOMPARE(s.packets[0], uint64_t(2));
    QCOMPARE(s.bytes[0], uint64_t(2 * kHeader + 13));
    QCOMPARE(s.dataBytes[0], uint64_t(13));
    QCOMPARE(s.dataBytes[1], uint64_t(3));
    QCOMPARE(s.payload8[0], std::string("01234567"));
    QCOMPARE(s.payload8[1], std::string("xyz"));
    QCOMPARE(s.ttls[0], (std::vector<uint8_t>{64, 63}));
    QCOMPARE(s.ttls[1], (std::vector<uint8_t>{50}));
    QCOMPARE(s.macs[0], size_t(1));
    QCOMPARE(s.macs[1], size_t(1));
    QCOMPARE(s.firstPacketUsec, kT0);
    QCOMPARE(s.lastPacketUsec, kT0 + 9);
    QCOMPARE(s.packetPos, (std::vector<int64_t>{24, 200, -2, 400}));
    QCOMPARE(s.packetLen, (std::vector<uint32_t>{kHeader + 10 + 16, kHeader + 3 + 16, 0, kHeader + 3 + 16}));
    QCOMPARE(s.protocols, (std::vector<std::string>{"udp"}));
    QCOMPARE(s.reason, SaveReason::EndOfInput);
    QCOMPARE(s.order.saveUsec, std::numeric_limits<int64_t>::max());
}

// The flag sequence of Arkime's http-301-get.pcap; its .test expects
// syn 1, syn-ack 1, ack 3, psh 1, fin 2 (pure ACKs only count as ack).
void TstSessionTable::tcpFlagsAsArkime()
{
    Harness h(testConfig());
    const Flow f;
    const std::string get(145, 'G'), reply(107, 'H');
    h.feed(makePacket(f, true, kT0, {}, TcpSyn, 1000));
    h.feed(makePacket(f, false, kT0 + 1, {}, TcpSyn | TcpAck, 5000, 1001));
    h.feed(makePacket(f, true, kT0 + 2, {}, TcpAck, 1001, 5001));
    h.feed(makePacket(f, true, kT0 + 3, get, TcpAck | TcpPsh, 1001, 5001));
    h.feed(makePacket(f, false, kT0 + 4, reply, TcpAck | TcpFin, 5001, 1146));
    h.feed(makePacket(f, true, kT0 + 5, {}, TcpAck, 1146, 5109));
    h.feed(makePacket(f, true, kT0 + 6, {}, TcpAck | TcpFin, 1146, 5109));
    h.feed(makePacket(f, false, kT0 + 7, {}, TcpAck, 5109, 1147));
    h.table.saveAll(SaveReason::EndOfInput);
    const Saved &s = h.saved.at(0);
    QCOMPARE(s.flags.syn, 1u);
    QCOMPARE(s.flags.synAck, 1u);
    QCOMPARE(s.flags.ack, 3u);
    QCOMPARE(s.flags.psh, 1u);
    QCOMPARE(s.flags.fin, 2u);
    QCOMPARE(s.flags.rst, 0u);
    QCOMPARE(s.packets[0], uint64_t(5));
    QCOMPARE(s.packets[1], uint64_t(3));
    QCOMPARE(s.dataBytes[0], uint64_t(145));
    QCOMPARE(s.dataBytes[1], uint64_t(107));
    QCOMPARE(s.payload8[0], std::string(8, 'G'));
    QCOMPARE(s.protocols, (std::vector<std::string>{"tcp"}));
}

void TstSessionTable::zeroWindows()
{
    Harness h(testConfig());
    const Flow f;
    Pkt a = makePacket(f, true, kT0, {}, TcpAck, 1);
    a.info.tcpWindow = 0;
    Pkt b = makePacket(f, false, kT0 + 1, {}, TcpAck, 1);
    b.info.tcpWindow = 0;
    Pkt r = makePacket(f, false, kT0 + 2, {}, TcpRst, 1);
    r.info.tcpWindow = 0;  // an RST's window does not count
    h.feed(a);
    h.feed(a);
    h.feed(b);
    h.feed(r);
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.at(0).flags.srcZero, 2u);
    QCOMPARE(h.saved.at(0).flags.dstZero, 1u);
    QCOMPARE(h.saved.at(0).flags.rst, 1u);
}

void TstSessionTable::tcpStreamThroughObservers()
{
    Harness h(testConfig());
    const Flow f;
    h.feed(makePacket(f, true, kT0, "ignored", TcpSyn, 999));  // SYN payload is not stream data
    h.feed(makePacket(f, false, kT0 + 1, {}, TcpSyn | TcpAck, 4999, 1000));
    h.feed(makePacket(f, true, kT0 + 2, "def", TcpAck, 1003, 5000));  // ahead: held
    h.feed(makePacket(f, true, kT0 + 3, "abc", TcpAck, 1000, 5000));
    h.feed(makePacket(f, true, kT0 + 4, "abc", TcpAck, 1000, 5000));  // retransmission
    h.feed(makePacket(f, false, kT0 + 5, "HI", TcpAck, 5000, 1006));
    h.feed(makePacket(f, true, kT0 + 6, "klm", TcpAck, 1010, 5002));  // a hole before it
    QCOMPARE(h.observer.stream[0], std::string("abcdef"));
    QCOMPARE(h.observer.stream[1], std::string("HI"));
    QCOMPARE(h.observer.newSessions, 1);
    h.table.saveAll(SaveReason::EndOfInput);
    // The final save flushes the reassembler (the hole becomes a gap) before onPreSave.
    QCOMPARE(h.observer.stream[0], std::string("abcdef<4>klm"));
    QCOMPARE(h.preSavesAtSave.at(0), std::string("F"));
    QCOMPARE(h.saved.at(0).dataBytes[0], uint64_t(9));
    QCOMPARE(h.saved.at(0).payload8[0], std::string("abcdefkl"));
}

void TstSessionTable::synAckFirstStartsBothStreams()
{
    Harness h(testConfig());
    const Flow f;
    h.feed(makePacket(f, false, kT0, {}, TcpSyn | TcpAck, 7000, 3000));
    h.feed(makePacket(f, true, kT0 + 1, "yz", TcpAck, 3002, 7001));   // ahead of 3000: held
    h.feed(makePacket(f, true, kT0 + 2, "wx", TcpAck, 3000, 7001));
    h.feed(makePacket(f, false, kT0 + 3, "OK", TcpAck, 7001, 3004));
    QCOMPARE(h.observer.stream[0], std::string("wxyz"));
    QCOMPARE(h.observer.stream[1], std::string("OK"));
}

void TstSessionTable::timeouts_data()
{
    QTest::addColumn<int>("ipProtocol");
    QTest::addColumn<qint64>("timeout");
    QTest::newRow("tcp") << 6 << qint64(400 * kSec);
    QTest::newRow("udp") << 17 << qint64(60 * kSec);
    QTest::newRow("icmp") << 1 << qint64(10 * kSec);
    QTest::newRow("icmpv6") << 58 << qint64(10 * kSec);
    QTest::newRow("sctp") << 132 << qint64(30 * kSec);
    QTest::newRow("esp") << 50 << qint64(90 * kSec);
    QTest::newRow("igmp (other)") << 2 << qint64(120 * kSec);
}

void TstSessionTable::timeouts()
{
    QFETCH(int, ipProtocol);
    QFETCH(qint64, timeout);
    Harness h(testConfig());
    const Flow f{uint8_t(ipProtocol)};
    h.feed(makePacket(f, true, kT0, "x", ipProtocol == 6 ? uint16_t(TcpAck) : uint16_t(0), 1));
    h.feed(makePacket(f, false, kT0 + kSec, "y", ipProtocol == 6 ? uint16_t(TcpAck) : uint16_t(0), 1));
    const int64_t deadline = kT0 + kSec + timeout;  // idle time counts from the last packet
    h.table.advanceClock(deadline);
    QVERIFY(h.saved.empty());  // a deadline fires only once the clock is past it
    h.table.advanceClock(deadline + 1);
    QCOMPARE(h.saved.size(), size_t(1));
    QCOMPARE(h.saved[0].reason, SaveReason::Timeout);
    QCOMPARE(h.saved[0].order.saveUsec, deadline);
    QCOMPARE(h.table.size(), size_t(0));
    // A later packet of the same key starts a new session.
    h.feed(makePacket(f, true, deadline + 2 * kSec, "z"));
    QCOMPARE(h.table.sessionsCreated(), uint64_t(2));
}

void TstSessionTable::closeLinger_data()
{
    QTest::addColumn<bool>("useRst");
    QTest::newRow("FIN both ways") << false;
    QTest::newRow("RST") << true;
}

void TstSessionTable::closeLinger()
{
    QFETCH(bool, useRst);
    Harness h(testConfig());
    const Flow f;
    h.feed(makePacket(f, true, kT0, {}, TcpSyn, 10));
    h.feed(makePacket(f, false, kT0 + 1, {}, TcpSyn | TcpAck, 20, 11));
    int64_t closedAt;
    if (useRst) {
        closedAt = kT0 + 2;
        h.feed(makePacket(f, true, closedAt, {}, TcpRst | TcpAck, 11, 21));
    } else {
        h.feed(makePacket(f, true, kT0 + 2, {}, TcpFin | TcpAck, 11, 21));
        h.feed(makePacket(f, true, kT0 + 3 * kSec, {}, TcpFin | TcpAck, 11, 21));  // one side only: no close
        closedAt = kT0 + 4 * kSec;
        h.feed(makePacket(f, false, closedAt, {}, TcpFin | TcpAck, 21, 12));
    }
    h.feed(makePacket(f, true, closedAt + 4 * kSec, {}, TcpAck, 12, 22));  // during the linger: counted
    QVERIFY(h.saved.empty());
    h.table.advanceClock(closedAt + 5 * kSec + 1);
    QCOMPARE(h.saved.size(), size_t(1));
    QCOMPARE(h.saved[0].reason, SaveReason::TcpClose);
    QCOMPARE(h.saved[0].order.saveUsec, closedAt + 5 * kSec);
    QCOMPARE(h.saved[0].flags.ack, 1u);
    QCOMPARE(h.saved[0].packets[0] + h.saved[0].packets[1], uint64_t(useRst ? 4 : 6));
}

void TstSessionTable::midSave()
{
    SessionTableConfig c = testConfig();
    c.midSaveUsec = 100 * kSec;
    c.tcpTimeoutUsec = 1000 * kSec;
    Harness h(c);
    const Flow f{6};  // Arkime's tcpSaveTimeout mid-saves TCP sessions only
    constexpr uint16_t kData = TcpAck | TcpPsh;
    Pkt p1 = makePacket(f, true, kT0, "a", kData, 1, 1);
    p1.info.ttl = 9;
    h.feed(p1);
    h.feed(makePacket(f, false, kT0 + 50 * kSec, "b", kData, 1, 2));
    h.feed(makePacket(f, true, kT0 + 120 * kSec, "c", kData, 2, 2));   // the mid-save at +100 s fires first
    h.feed(makePacket(f, true, kT0 + 250 * kSec, "d", kData, 3, 2));   // after the second one at +200 s
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.size(), size_t(3));
    QCOMPARE(h.saved[0].reason, SaveReason::MidSave);
    QCOMPARE(h.saved[0].order.saveUsec, kT0 + 100 * kSec);
    QCOMPARE(h.saved[0].packets[0] + h.saved[0].packets[1], uint64_t(2));
    QCOMPARE(h.saved[0].segmentCount, 1u);
    QCOMPARE(h.saved[0].ttls[0], (std::vector<uint8_t>{9}));
    QCOMPARE(h.saved[1].reason, SaveReason::MidSave);
    QCOMPARE(h.saved[1].order.saveUsec, kT0 + 200 * kSec);
    QCOMPARE(h.saved[1].packets[0], uint64_t(1));
    QCOMPARE(h.saved[1].dataBytes[0], uint64_t(1));
    QCOMPARE(h.saved[1].segmentCount, 2u);
    QCOMPARE(h.saved[1].ttls[0], (std::vector<uint8_t>{64}));  // cleared for the new segment
    QCOMPARE(h.saved[1].packetPos.size(), size_t(1));
    QCOMPARE(h.saved[1].protocols, (std::vector<std::string>{"tcp"}));  // kept across segments
    QCOMPARE(h.saved[2].reason, SaveReason::EndOfInput);
    QCOMPARE(h.saved[2].segmentCount, 3u);
    QCOMPARE(h.saved[2].payload8[0], std::string("acd"));  // payload8 (first stream bytes) belongs to the flow
    QCOMPARE(h.observer.preSaves, std::string("MMF"));
}

void TstSessionTable::noMidSaveForUdp()
{
    SessionTableConfig c = testConfig();
    c.midSaveUsec = 100 * kSec;
    c.udpTimeoutUsec = 1000 * kSec;
    Harness h(c);
    const Flow f{17};
    h.feed(makePacket(f, true, kT0, "a"));
    h.feed(makePacket(f, true, kT0 + 250 * kSec, "b"));
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.size(), size_t(1));
    QCOMPARE(h.saved[0].reason, SaveReason::EndOfInput);
}

void TstSessionTable::maxPackets()
{
    SessionTableConfig c = testConfig();
    c.maxPackets = 3;
    Harness h(c);
    const Flow f{17};
    for (int i = 0; i < 5; ++i)
        h.feed(makePacket(f, true, kT0 + i * kSec, "p"));
    h.table.saveAll(SaveReason::EndOfInput);
    QCOMPARE(h.saved.size(), size_t(2));
    QCOMPARE(h.saved[0].reason, SaveReason::MidSave);
    QCOMPARE(h.saved[0].order.saveUsec, kT0 + 2 * kSec);  // the clock of the 3rd packet
    QCOMPARE(h.saved[0].packets[0], uint64_t(3));
    QCOMPARE(h.saved[0].packetPos.size(), size_t(3));
    QCOMPARE(h.saved[1].packets[0], uint64_t(2));
    QCOMPARE(h.saved[1].segmentCount, 2u);
}

void TstSessionTable::saveOrderWithinOneCall()
{
    Harness h(testConfig());
    // Created in descending port order, all idle at the same deadline.
    for (uint16_t port = 9; port >= 1; --port)
        h.feed(makePacket(Flow{17, 1, 2, port, 53}, true, kT0, "q"));
    h.feed(makePacket(Flow{1, 3, 4, 0, 0}, true, kT0 - 50 * kSec, "i"));  // earlier packet, ICMP
    h.table.advanceClock(kT0 + 100 * kSec);
    QCOMPARE(h.saved.size(), size_t(10));
    for (size_t i = 1; i < h.saved.size(); ++i)
        QVERIFY(h.saved[i - 1].order < h.saved[i].order);
    // The ICMP session's deadline came first (it timed out at kT0 + 10 s, the clock's time).
    QCOMPARE(h.saved[0].order.key.ipProtocol, uint8_t(1));
    QCOMPARE(h.saved[0].order.saveUsec, kT0 + 10 * kSec);
    QCOMPARE(h.saved[1].order.key.portA, uint16_t(1));
}

void TstSessionTable::saveAllSorted()
{
    Harness h(testConfig());
    h.feed(makePacket(Flow{17, 5, 6, 7, 8}, true, kT0, "x"));
    h.feed(makePacket(Flow{6, 1, 2, 3, 4}, true, kT0 + 1, {}, TcpSyn, 1));
    h.feed(makePacket(Flow{17, 1, 2, 3, 4}, true, kT0 + 2, "y"));
    h.table.saveAll(SaveReason::Shutdown);
    QCOMPARE(h.saved.size(), size_t(3));
    for (size_t i = 0; i < h.saved.size(); ++i) {
        QCOMPARE(h.saved[i].reason, SaveReason::Shutdown);
        QCOMPARE(h.saved[i].order.saveUsec, std::numeric_limits<int64_t>::max());
        if (i > 0)
            QVERIFY(h.saved[i - 1].order < h.saved[i].order);
    }
}

void TstSessionTable::protocolsAndTags()
{
    Harness h(testConfig());
    Pkt gre = makePacket(Flow{17, 1, 2, 1000, 53}, true, kT0, "dns");
    gre.info.encaps = EncapGre | EncapPpp | EncapVlan;
    h.feed(gre);
    Pkt truncated = makePacket(Flow{17, 1, 2, 1000, 53}, false, kT0 + 1, "answer");
    truncated.info.flags = FlagTruncated;
    h.feed(truncated);
    Pkt corrupt = makePacket(Flow{17, 7, 8, 1, 2}, true, kT0 + 2);
    corrupt.info.kind = PacketKind::Corrupt;
    corrupt.info.flags = FlagCorruptIp;
    h.feed(corrupt);
    h.feed(makePacket(Flow{58, 3, 4, 0, 0}, true, kT0 + 3, "ping"));
    Pkt counted = makePacket(Flow{17, 9, 9, 1, 1}, true, kT0 + 4, "x");
    counted.info.kind = PacketKind::Counted;  // not a session
    h.feed(counted);
    QCOMPARE(h.table.size(), size_t(3));
    h.table.tagOpenSessions("input-cut");
    h.table.saveAll(SaveReason::EndOfInput);
    std::map<uint8_t, const Saved *> byLastByte;
    for (const Saved &s : h.saved)
        byLastByte[s.order.key.addrA[3]] = &s;
    const Saved &dns = *byLastByte.at(1);
    auto sorted = [](std::vector<std::string> v) { std::sort(v.begin(), v.end()); return v; };
    QCOMPARE(sorted(dns.protocols), (std::vector<std::string>{"gre", "ppp", "udp"}));
    QCOMPARE(sorted(dns.tags), (std::vector<std::string>{"input-cut", "truncated-pcap"}));
    QCOMPARE(dns.packetPos.size(), size_t(1));  // the truncated packet is not written
    QCOMPARE(dns.packets[1], uint64_t(1));      // but counted
    QCOMPARE(byLastByte.at(7)->protocols, (std::vector<std::string>{"corrupt-ip"}));
    QCOMPARE(byLastByte.at(3)->protocols, (std::vector<std::string>{"icmp"}));
}

// The same packets through one table, or split by key hash over two tables whose saves are
// merged by SaveOrder, give the same records in the same order.
void TstSessionTable::determinismAcrossTables()
{
    SessionTableConfig c = testConfig();
    c.midSaveUsec = 40 * kSec;
    c.maxPackets = 7;
    std::vector<Pkt> packets;
    uint64_t rng = 42;
    auto next = [&rng](uint64_t n) { rng = rng * 6364136223846793005ULL + 1442695040888963407ULL; return (rng >> 33) % n; };
    int64_t ts = kT0;
    for (int i = 0; i < 3000; ++i) {
        ts += int64_t(next(3)) * 200'000;  // repeated timestamps happen on purpose
        const bool tcp = next(2) == 0;
        const Flow f{uint8_t(tcp ? 6 : 17), 1, uint8_t(2 + next(3)), uint16_t(1000 + next(40)), 80};
        const bool fromA = next(3) != 0;
        uint16_t flags = 0;
        if (tcp) {
            const uint64_t r = next(20);
            flags = r == 0 ? uint16_t(TcpSyn) : r == 1 ? uint16_t(TcpFin | TcpAck) : r == 2 ? uint16_t(TcpRst) : uint16_t(TcpAck);
        }
        Pkt p = makePacket(f, fromA, ts, std::string(next(5), 'd'), flags, uint32_t(next(4) * 3), 0);
        p.info.clockUsec = ts;
        packets.push_back(std::move(p));
    }
    auto run = [&](int tables) {
        std::vector<std::unique_ptr<Harness>> hs;
        for (int t = 0; t < tables; ++t)
            hs.push_back(std::make_unique<Harness>(c));
        for (size_t i = 0; i < packets.size(); ++i) {
            const Pkt &p = packets[i];
            hs[p.info.key.hash() % uint64_t(tables)]->feed(p);
            if (i % 100 == 99) {  // batch ends: every table learns the input clock
                for (auto &h : hs)
                    h->table.advanceClock(p.info.clockUsec);
            }
        }
        std::vector<std::pair<SaveOrder, std::string>> all;
        for (auto &h : hs) {
            h->table.saveAll(SaveReason::EndOfInput);
            for (size_t i = 0; i < h->saved.size(); ++i) {
                if (i > 0)
                    [&] { QVERIFY(h->saved[i - 1].order < h->saved[i].order); }();
                all.emplace_back(h->saved[i].order, h->saved[i].line());
            }
        }
        std::stable_sort(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        std::vector<std::string> lines;
        for (auto &e : all)
            lines.push_back(e.second);
        return lines;
    };
    const std::vector<std::string> one = run(1);
    const std::vector<std::string> two = run(2);
    const std::vector<std::string> three = run(3);
    QVERIFY(one.size() > 50);
    QCOMPARE(two.size(), one.size());
    for (size_t i = 0; i < one.size(); ++i)
        QCOMPARE(QString::fromStdString(two[i]), QString::fromStdString(one[i]));
    QCOMPARE(three, one);
    // Mid-saves, timeouts and closes all happened, so the comparison covered them.
    auto has = [&](const char *prefix) {
        return std::any_of(one.begin(), one.end(), [&](const std::string &l) { return l.rfind(prefix, 0) == 0; });
    };
    QVERIFY(has("0 "));  // Timeout
    QVERIFY(has("1 "));  // TcpClose
    QVERIFY(has("2 "));  // MidSave
}

QTEST_GUILESS_MAIN(TstSessionTable)
#include "tst_session_table.moc"

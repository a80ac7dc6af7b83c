// Tests for the engine's plugin hooks on SessionTable: parsers attached to a session get its
// payload (including the payload that made a classifier attach them) until they return Done;
// pre-save reaches parsers; onSessionFreed fires once per session; a final save waits while
// the session has outstanding work, keeps its place in the order (watermark), and gives up
// after the configured wait with the tag outstanding-timeout.
#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "plugin/session_observer.h"
#include "plugin/session_parser.h"
#include "session/session_table.h"

using namespace luacap::engine;

namespace {
constexpr int64_t kT0 = 1'700'000'000'000'000;
constexpr int64_t kSec = 1'000'000;
constexpr uint16_t kHeader = 42;  // Ethernet + IPv4 + UDP

struct Pkt {
    PacketInfo info;
    std::vector<uint8_t> bytes;
};

Pkt udp(uint8_t client, bool fromClient, int64_t ts, const std::string &payload)
{
    Pkt p;
    const uint8_t c[4] = {10, 0, 0, client}, s[4] = {10, 0, 0, 200};
    PacketInfo &i = p.info;
    i.kind = PacketKind::Session;
    i.keyValid = true;
    i.srcIsA = makeSessionKey(AddressFamily::V4, fromClient ? c : s, fromClient ? s : c, fromClient ? 5000 : 53,
                              fromClient ? 53 : 5000, 17, 0, i.key);
    i.hash = i.key.hash();
    i.ipFamily = AddressFamily::V4;
    std::copy(fromClient ? c : s, (fromClient ? c : s) + 4, i.srcIp.begin());
    std::copy(fromClient ? s : c, (fromClient ? s : c) + 4, i.dstIp.begin());
    i.srcPort = fromClient ? 5000 : 53;
    i.dstPort = fromClient ? 53 : 5000;
    i.tsUsec = i.clockUsec = ts;
    i.ipProtocol = 17;
    i.etherType = 0x0800;
    i.ttl = 64;
    i.payloadOffset = kHeader;
    i.payloadLen = uint16_t(payload.size());
    p.bytes.assign(kHeader, 0);
    p.bytes.insert(p.bytes.end(), payload.begin(), payload.end());
    i.capLen = i.wireLen = uint32_t(p.bytes.size());
    return p;
}

// Records what it is fed; says Done after `budget` payloads.
struct CountingParser : SessionParser {
    std::vector<std::string> *log;
    int budget;
    CountingParser(std::vector<std::string> *l, int b) : log(l), budget(b) {}
    Result onData(Session &, int direction, const uint8_t *data, uint32_t len) override
    {
        log->push_back(std::to_string(direction) + ":" + std::string(reinterpret_cast<const char *>(data), len));
        return --budget > 0 ? Result::Continue : Result::Done;
    }
    void onPreSave(Session &, bool final) override { log->push_back(final ? "presave-final" : "presave-mid"); }
};

// Attaches a parser on the first payload; can hold saves; counts frees.
struct Plugin : SessionObserver {
    std::vector<std::string> log;
    int parserBudget = 100;
    uint32_t holdOnSave = 0;        // sessions created while set hold their final save
    std::vector<Session *> toHold;
    int freed = 0;
    void onNewSession(Session &s) override
    {
        if (holdOnSave)
            toHold.push_back(&s);
    }
    void onData(Session &s, int, const uint8_t *, uint32_t) override
    {
        if (s.parsers.empty() && s.classifiedDirections == 0) {
            s.classifiedDirections = 3;
            s.attachParser(std::make_unique<CountingParser>(&log, parserBudget));
        }
    }
    void onPreSave(Session &s, bool final) override
    {
        if (final && std::find(toHold.begin(), toHold.end(), &s) != toHold.end())
            ++s.outstanding;
    }
    void onSessionFreed(Session &s) override
    {
        ++freed;
        toHold.erase(std::remove(toHold.begin(), toHold.end(), &s), toHold.end());
    }
};

struct Saved {
    SaveOrder order;
    std::vector<std::string> tags;
};

struct Harness {
    FieldRegistry registry;
    std::vector<Saved> saved;
    std::vector<Session *> lastSessions;
    SessionTableConfig config;
    std::unique_ptr<SessionTable> table;
    Plugin plugin;

    explicit Harness(int64_t maxWaitUsec = 60 * kSec)
    {
        config.outstandingMaxWaitUsec = maxWaitUsec;
        table = std::make_unique<SessionTable>(config, registry, [this](Session &s, SaveReason, const SaveOrder &o) {
            Saved x{o, {}};
            if (const auto *t = s.fields.strings(FieldRegistry::Tags))
                x.tags = t->toVector<std::string>();
            saved.push_back(x);
        });
        table->addObserver(&plugin);
    }
    void feed(const Pkt &p)
    {
        table->advanceClock(p.info.clockUsec);
        table->process(p.info, p.bytes.data());
    }
};

// Captures the Session pointer while it is alive, to play the part of decr_outstanding.
struct Grab : SessionObserver {
    Session *session = nullptr;
    void onNewSession(Session &s) override { session = &s; }
};
} // namespace

class TestSessionHooks : public QObject {
    Q_OBJECT
private slots:
    void attachedParserGetsClassifyingPayloadAndLaterOnes()
    {
        Harness h;
        h.feed(udp(1, true, kT0, "query"));
        h.feed(udp(1, false, kT0 + 1000, "answer"));
        h.table->saveAll(SaveReason::EndOfInput);
        QCOMPARE(h.plugin.log, (std::vector<std::string>{"0:query", "1:answer", "presave-final"}));
        QCOMPARE(h.plugin.freed, 1);
    }

    void parserReturningDoneIsDetached()
    {
        Harness h;
        h.plugin.parserBudget = 1;
        h.feed(udp(1, true, kT0, "one"));
        h.feed(udp(1, true, kT0 + 10, "two"));
        h.table->saveAll(SaveReason::EndOfInput);
        QCOMPARE(h.plugin.log, (std::vector<std::string>{"0:one"}));  // no "two", no pre-save: detached
    }

    void heldSaveWaitsForOutstandingAndKeepsItsOrder()
    {
        Harness h;
        Grab grab;
        h.table->addObserver(&grab);
        h.plugin.holdOnSave = 1;
        h.feed(udp(1, true, kT0, "a"));               // session 1: idle deadline kT0 + 60 s
        Session *held = grab.session;
        h.plugin.holdOnSave = 0;
        h.feed(udp(2, true, kT0 + 30 * kSec, "b"));   // session 2: deadline kT0 + 90 s
        h.feed(udp(3, true, kT0 + 100 * kSec, "c"));  // passes both deadlines
        QCOMPARE(h.table->heldCount(), size_t(1));
        QCOMPARE(h.saved.size(), size_t(1));          // session 2 written, session 1 waits
        QCOMPARE(h.table->watermark(), kT0 + 60 * kSec);  // held back to session 1's deadline
        QCOMPARE(h.plugin.freed, 1);
        held->outstanding = 0;                        // decr_outstanding
        h.table->advanceClock(kT0 + 100 * kSec);
        QCOMPARE(h.saved.size(), size_t(2));
        QCOMPARE(h.saved[1].order.saveUsec, kT0 + 60 * kSec);  // its own deadline, not the release time
        QVERIFY(h.saved[1].tags.empty());
        QCOMPARE(h.table->watermark(), kT0 + 100 * kSec);
        QCOMPARE(h.plugin.freed, 2);
    }

    void heldSaveGivesUpAfterMaxWaitWithTag()
    {
        Harness h(10 * kSec);
        h.plugin.holdOnSave = 1;
        h.feed(udp(1, true, kT0, "a"));
        h.plugin.holdOnSave = 0;
        h.feed(udp(2, true, kT0 + 65 * kSec, "b"));   // session 1 due at +60 s: held
        QCOMPARE(h.table->heldCount(), size_t(1));
        h.feed(udp(2, true, kT0 + 71 * kSec, "b"));   // past +60 s + 10 s of waiting
        QCOMPARE(h.table->heldCount(), size_t(0));
        QCOMPARE(h.saved.size(), size_t(1));
        QCOMPARE(h.saved[0].tags, (std::vector<std::string>{"outstanding-timeout"}));
    }

    void newPacketsAfterHoldStartANewSession()
    {
        Harness h;
        h.plugin.holdOnSave = 1;
        h.feed(udp(1, true, kT0, "a"));
        h.plugin.holdOnSave = 0;
        h.feed(udp(1, true, kT0 + 61 * kSec, "again"));  // session 1 held; same flow, new session
        QCOMPARE(h.table->heldCount(), size_t(1));
        QCOMPARE(h.table->size(), size_t(1));
        h.table->saveAll(SaveReason::EndOfInput);
        h.table->releaseHeld(true);
        QCOMPARE(h.saved.size(), size_t(2));
        QCOMPARE(h.plugin.freed, 2);
    }
};

QTEST_GUILESS_MAIN(TestSessionHooks)
#include "tst_session_hooks.moc"

// SessionTable: the sessions one packet thread owns. Finds or creates the session of each
// packet, updates its counters, runs TCP reassembly and observers, and saves sessions on
// close, timeout, mid-session interval and end of input, in a deterministic order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "decode/packet_info.h"
#include "session/session.h"

namespace luacap::engine {

class FieldRegistry;
class SessionObserver;

struct SessionTableConfig {
    int64_t tcpTimeoutUsec = 480'000'000;    // Arkime tcpTimeout (idle)
    int64_t udpTimeoutUsec = 60'000'000;     // Arkime udpTimeout
    int64_t icmpTimeoutUsec = 10'000'000;    // Arkime icmpTimeout
    int64_t sctpTimeoutUsec = 60'000'000;    // Arkime sctpTimeout
    int64_t espTimeoutUsec = 600'000'000;    // Arkime espTimeout
    int64_t otherTimeoutUsec = 600'000'000;  // ARP, IGMP, PIM, OSPF, unknown-ip: Arkime's fixed 10 min
    int64_t tcpCloseLingerUsec = 5'000'000;  // Arkime tcpClosingTimeout: after FIN both ways or RST
    int64_t midSaveUsec = 480'000'000;       // Arkime tcpSaveTimeout: intermediate save interval (TCP)
    uint32_t maxPackets = 10000;             // Arkime maxPackets: intermediate save when reached
    // Arkime maxStreams, per packet thread (0: no limit): a new session beyond it first saves
    // the session idle longest, as Arkime's idle queue does.
    uint32_t maxStreams = 0;
    uint32_t maxHeldBytesPerDirection = 1u << 20;  // TCP out-of-order buffer bound
    bool recordPacketPositions = true;
    // Longest a final save waits for outstanding work (incr_outstanding), in packet time;
    // then the session is written anyway, tagged outstanding-timeout.
    int64_t outstandingMaxWaitUsec = 60'000'000;
    // Longest (wall clock) a packet thread waits for announced replies (HTTP requests) where
    // packet time cannot decide: after the input ended, or before packet time would pass a
    // held session's limit while a reply is still due (replay output then does not depend on
    // how fast the service answers). After it, the packet-time rules above apply.
    int64_t outstandingWallWaitUsec = 60'000'000;
};

// Order of saved records: by save time (packet time), then key, then first packet.
// Every field depends only on the input, so the order is the same for any thread count.
struct SaveOrder {
    int64_t saveUsec = 0;       // INT64_MAX for end of input
    SessionKey key;
    int64_t firstPacketUsec = 0;
    auto operator<=>(const SaveOrder &) const = default;
};

class SessionTable {
public:
    // Called for each saved session, in SaveOrder; the session is freed after a final save.
    using SaveFn = std::function<void(Session &, SaveReason, const SaveOrder &)>;

    // registry must outlive the table (protocol and tag fields are added through it).
    SessionTable(const SessionTableConfig &config, const FieldRegistry &registry, SaveFn save);
    ~SessionTable();

    // Adds an observer to the current observer set (every session created from now on).
    void addObserver(SessionObserver *observer);
    // Reload: sessions created from now on get exactly these observers; each existing session
    // keeps the set it was created under until it is freed. Returns the new set's index.
    uint32_t beginObserverSet(const std::vector<SessionObserver *> &observers);
    // Earlier sets that no open or held session uses any more, each reported once: their
    // observers are no longer called and may be destroyed.
    std::vector<uint32_t> takeDrainedSets();

    // Processes one packet of kind Session (or Corrupt with a valid key). bytes/len are the
    // packet's bytes (PacketBatch::bytes). Deadlines before the packet's clock
    // (max of clockUsec and tsUsec) fire first, so a packet never joins a session that had
    // already expired, whatever the batch boundaries.
    void process(const PacketInfo &packet, const uint8_t *bytes);

    // Hints for packets a few places ahead in a batch: load their index entry, then their
    // session, its parser list, its parsers, and what those parsers will touch, while earlier
    // packets are processed. Only hints: no state changes. prefetchSession looks the session
    // up and returns its slot for the later stages (kNoSlot: none yet); a slot whose session
    // has gone by then is harmless, since the stages only prefetch what the slot holds then.
    static constexpr uint32_t kNoSlot = UINT32_MAX;
    void prefetchIndex(const PacketInfo &packet) const;
    uint32_t prefetchSession(const PacketInfo &packet) const;
    void prefetchParserList(uint32_t slot) const;    // once its session is loaded
    void prefetchParsers(uint32_t slot) const;       // once its parser list is loaded too
    void prefetchParserState(uint32_t slot) const;   // once its parsers are loaded too

    // The input clock moved to nowUsec: save every session whose deadline is before it.
    // Saves are emitted in SaveOrder, with saveUsec = the deadline that fired; across calls
    // the emitted sequence is sorted too, since every deadline lies at or after the clock
    // that set it.
    void advanceClock(int64_t nowUsec);

    // Adds a tag to every open session (e.g. "truncated-pcap" when an input file was cut).
    void tagOpenSessions(std::string_view tag);

    // End of input: save every open session (reason EndOfInput), in SaveOrder.
    void saveAll(SaveReason reason);

    // Sessions held for outstanding work: writes those whose count reached zero (and, with
    // expireAll, every other one, tagged outstanding-timeout). advanceClock does this too.
    void releaseHeld(bool expireAll);
    size_t heldCount() const;
    // Earliest packet time at which a held session that still waits would be given up
    // (INT64_MAX when none waits).
    int64_t heldGiveUpUsec() const;
    // The open or held session named by key and first packet time, or nullptr (session
    // commands find their session through this; the pointer is valid until the next packet).
    Session *find(const SessionKey &key, int64_t firstPacketUsec) const;
    // No record with a smaller saveUsec will be saved from now on: the clock, held back by
    // the earliest held session.
    int64_t watermark() const;

    size_t size() const;
    uint64_t sessionsCreated() const;
    // Sessions saved early because the table was full (maxStreams).
    uint64_t forcedByMaxStreams() const;

private:
    const Session *sessionInSlot(uint32_t slot) const;   // null for kNoSlot or an empty slot

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace luacap::engine

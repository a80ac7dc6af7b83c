// SessionTable implementation (one per packet thread, no locks): session -> reassemble ->
// observers -> save. Saves fire in deadline order; ties are broken by SaveOrder, so the
// sequence of records depends only on the input packets.
#include "session/session_table.h"

#include <algorithm>
#include <limits>

#include "plugin/http_observer.h"
#include "plugin/session_observer.h"
#include "session/session_deadlines.h"
#include "session/session_feed.h"
#include "session/session_index.h"
#include "session/session_stream_sink.h"
#include "session/session_updater.h"

namespace luacap::engine {

namespace {
SessionDeadlines::Class timeoutClass(const SessionKey &key)
{
    switch (key.ipProtocol) {
    case 6: return SessionDeadlines::Tcp;
    case 17: return SessionDeadlines::Udp;
    case 1: case 58: return SessionDeadlines::Icmp;
    case 132: return SessionDeadlines::Sctp;
    case 50: return SessionDeadlines::Esp;
    default: return SessionDeadlines::Other;
    }
}

std::array<int64_t, SessionDeadlines::ClassCount> idleTimeouts(const SessionTableConfig &c)
{
    return {c.tcpTimeoutUsec, c.udpTimeoutUsec, c.icmpTimeoutUsec, c.sctpTimeoutUsec, c.espTimeoutUsec,
            c.otherTimeoutUsec};
}

// Which event wins when one session has several due at the same time: a final save first.
int eventRank(SessionDeadlines::Event e)
{
    switch (e) {
    case SessionDeadlines::Event::Close: return 0;
    case SessionDeadlines::Event::Idle: return 1;
    case SessionDeadlines::Event::MidSave: return 2;
    case SessionDeadlines::Event::MaxPackets: return 3;
    }
    return 4;
}
} // namespace

struct SessionTable::Impl {
    struct Firing {
        SaveOrder order;
        uint32_t slot;
        SessionDeadlines::Event event;
    };

    // The observers sessions created between two reloads share, and how many of them live.
    struct ObserverSet {
        std::vector<SessionObserver *> observers;
        HttpObserverList httpObservers;   // the observers' HTTP/SMTP listeners; sessions point here
        size_t sessions = 0;
        bool drained = false;             // reported by takeDrainedSets: never called again
    };

    Impl(const SessionTableConfig &c, const FieldRegistry &registry, SaveFn fn)
        : config(c), save(std::move(fn)), updater(registry, config), deadlines(idleTimeouts(config))
    {
        sets.push_back(std::make_unique<ObserverSet>());
    }

    const std::vector<SessionObserver *> &observersOf(const Session &s) const { return sets[s.observerSet]->observers; }

    void process(const PacketInfo &p, const uint8_t *bytes);
    void advanceTo(int64_t now);
    void fireAt(int64_t deadline);
    void saveAll(SaveReason reason);
    uint32_t findOrCreate(const PacketInfo &p, int64_t now);
    void handleTcp(uint32_t slot, Session &s, const PacketInfo &p, const uint8_t *bytes, int dir, int64_t now);
    void noteSyn(Session &s, const PacketInfo &p, int dir);
    void deliverDatagram(Session &s, const PacketInfo &p, const uint8_t *bytes, int dir);
    static void notePayload8(DirectionStats &d, const uint8_t *data, uint32_t len);
    static void noteSctpPayload8(DirectionStats &d, const uint8_t *data, uint32_t len);
    void midSave(uint32_t slot, const SaveOrder &order, int64_t deadline);
    void finalSave(uint32_t slot, SaveReason reason, const SaveOrder &order);
    void writeFinal(std::unique_ptr<Session> owned, SaveReason reason, const SaveOrder &order);
    void releaseHeld(bool expireAll);
    int64_t watermark() const;
    void flushStreams(Session &s);
    void makeRoom(int64_t now);

    SessionTableConfig config;
    SaveFn save;
    SessionUpdater updater;
    SessionDeadlines deadlines;
    std::vector<std::unique_ptr<ObserverSet>> sets;   // the last one gets new sessions
    SessionIndex index;
    std::vector<std::unique_ptr<Session>> slots;
    std::vector<uint32_t> freeSlots;
    int64_t clock = std::numeric_limits<int64_t>::min();
    uint64_t created = 0;
    uint64_t forced = 0;   // saved early by maxStreams
    std::vector<SessionDeadlines::Due> due;   // scratch, reused
    std::vector<Firing> firing;               // scratch, reused

    // Sessions whose final save waits for outstanding work (few; a vector is enough).
    struct Held {
        std::unique_ptr<Session> session;
        SaveReason reason;
        SaveOrder order;
        int64_t giveUpUsec;
    };
    std::vector<Held> held;
};

namespace {
uint32_t payloadLength(const PacketInfo &p)
{
    if (p.payloadOffset >= p.capLen)
        return 0;
    return std::min<uint32_t>(p.payloadLen, p.capLen - p.payloadOffset);
}
} // namespace

void SessionTable::Impl::process(const PacketInfo &p, const uint8_t *bytes)
{
    if (p.kind != PacketKind::Session && p.kind != PacketKind::Corrupt)
        return;
    const int64_t now = std::max({clock, p.clockUsec, p.tsUsec});
    advanceTo(now);
    const uint32_t slot = findOrCreate(p, now);
    Session &s = *slots[slot];
    const int dir = s.directionOf(p);
    const bool tcp = p.kind == PacketKind::Session && p.key.ipProtocol == 6;
    updater.count(s, p, dir, now);
    if (tcp)
        updater.countTcpFlags(s, p, dir);
    for (SessionObserver *o : observersOf(s))
        o->onPacket(s, p, bytes, dir);
    if (tcp)
        handleTcp(slot, s, p, bytes, dir, now);
    else if (p.kind == PacketKind::Session)
        deliverDatagram(s, p, bytes, dir);
    deadlines.touch(slot, now);
    // Saved when the clock moves past this packet's, so the segment boundary is the same
    // whatever the thread count (packets sharing this clock value stay in this segment).
    if (config.maxPackets > 0 && s.segmentPackets() >= config.maxPackets && !deadlines.maxPacketsPending(slot))
        deadlines.setMaxPackets(slot, now);
}

uint32_t SessionTable::Impl::findOrCreate(const PacketInfo &p, int64_t now)
{
    const uint32_t found = index.find(p.key, p.hash);
    if (found != SessionIndex::kNotFound)
        return found;
    if (config.maxStreams > 0 && index.size() >= config.maxStreams)
        makeRoom(now);
    uint32_t slot;
    if (freeSlots.empty()) {
        slot = uint32_t(slots.size());
        slots.emplace_back();
    } else {
        slot = freeSlots.back();
        freeSlots.pop_back();
    }
    slots[slot] = std::make_unique<Session>();
    Session &s = *slots[slot];
    s.observerSet = uint32_t(sets.size() - 1);
    s.httpObservers = &sets.back()->httpObservers;
    ++sets.back()->sessions;
    updater.initialize(s, p, now);
    if (p.key.ipProtocol == 6) {
        const uint32_t maxHeld = config.maxHeldBytesPerDirection;
        s.tcp.reset(new TcpReassembler[2]{TcpReassembler(maxHeld), TcpReassembler(maxHeld)});
    }
    deadlines.add(slot, timeoutClass(p.key), now);
    if (config.midSaveUsec > 0 && p.key.ipProtocol == 6) {  // Arkime's tcpSaveTimeout: TCP only
        s.nextMidSaveUsec = now + config.midSaveUsec;
        deadlines.setMidSave(slot, s.nextMidSaveUsec);
    }
    index.insert(p.key, p.hash, slot);
    ++created;
    for (SessionObserver *o : observersOf(s))
        o->onNewSession(s);
    return slot;
}

void SessionTable::Impl::handleTcp(uint32_t slot, Session &s, const PacketInfo &p, const uint8_t *bytes, int dir,
                                   int64_t now)
{
    const uint16_t f = p.tcpFlags;
    if (f & TcpSyn) {
        noteSyn(s, p, dir);  // Arkime ignores a SYN's payload and its other flags
        return;
    }
    const uint32_t len = payloadLength(p);
    if (len > 0 && !(f & TcpRst)) {
        SessionStreamSink sink(s, dir, observersOf(s));
        s.tcp[dir].segment(p.tcpSeq, bytes + p.payloadOffset, len, sink);
    }
    const bool wasClosing = s.rstSeen || s.finSeen == 3;
    if (f & TcpFin)
        s.finSeen = uint8_t(s.finSeen | (1u << dir));
    if (f & TcpRst)
        s.rstSeen = true;
    if (!wasClosing && (s.rstSeen || s.finSeen == 3)) {
        // Packets arriving while the session lingers still count; the deadline does not move.
        s.closeDeadlineUsec = now + config.tcpCloseLingerUsec;
        deadlines.setClose(slot, s.closeDeadlineUsec);
        s.fields.shrinkToFit();   // most of the open sessions are lingering ones
    }
}

void SessionTable::Impl::noteSyn(Session &s, const PacketInfo &p, int dir)
{
    if (!(s.synSeen & (1u << dir))) {
        s.synSeen = uint8_t(s.synSeen | (1u << dir));
        s.synSeq[dir] = p.tcpSeq;
        if (!s.tcp[dir].started())
            s.tcp[dir].start(p.tcpSeq + 1);
    }
    // A SYN-ACK acknowledges the initiator's ISN + 1: where its data starts if the SYN was lost.
    if ((p.tcpFlags & TcpAck) && !s.tcp[1 - dir].started())
        s.tcp[1 - dir].start(p.tcpAck);
}

// Data bytes and first bytes as Arkime's datagram parsers count them: udp counts its payload
// and keeps the first 8 bytes (not for DHCP, which Arkime keys and parses itself); icmp
// counts the whole message, header included; esp skips SPI and sequence number; sctp keeps
// the first bytes of DATA chunk user data; igmp, pim, ospf and unknown-ip count nothing.
void SessionTable::Impl::deliverDatagram(Session &s, const PacketInfo &p, const uint8_t *bytes, int dir)
{
    const uint32_t len = payloadLength(p);
    const uint8_t *data = bytes + p.payloadOffset;
    DirectionStats &d = s.dir[dir];
    switch (p.key.family == AddressFamily::NonIp ? 0 : p.ipProtocol) {
    case 0:
    case 17:
        d.dataBytes += len;
        if (s.keyIsTuple)
            notePayload8(d, data, len);
        break;
    case 1:
    case 58:
        if (p.payloadOffset >= p.l4Offset)
            d.dataBytes += len + (p.payloadOffset - p.l4Offset);
        break;
    case 50:
        d.dataBytes += len > 8 ? len - 8 : 0;
        break;
    case 132:
        d.dataBytes += len;
        noteSctpPayload8(d, data, len);
        break;
    default:
        break;
    }
    if (len == 0)
        return;
    feedData(s, dir, data, len, observersOf(s));
}

void SessionTable::Impl::notePayload8(DirectionStats &d, const uint8_t *data, uint32_t len)
{
    if (d.payload8Len != 0 || len == 0)
        return;  // Arkime: the first datagram with payload, up to 8 bytes
    d.payload8Len = uint8_t(std::min<uint32_t>(len, uint32_t(d.payload8.size())));
    std::copy(data, data + d.payload8Len, d.payload8.begin());
}

// SCTP chunks: type, flags, length (2), value; DATA (type 0) carries 12 bytes of TSN, stream
// and PPID before the user data. Chunks are padded to 4 bytes.
void SessionTable::Impl::noteSctpPayload8(DirectionStats &d, const uint8_t *data, uint32_t len)
{
    constexpr uint32_t kChunkHeader = 4, kDataHeader = 16;
    for (uint32_t off = 0; d.payload8Len == 0 && off + kChunkHeader <= len;) {
        const uint32_t chunkLen = uint32_t(data[off + 2]) << 8 | data[off + 3];
        if (chunkLen < kChunkHeader)
            return;
        const uint32_t end = std::min(len, off + chunkLen);
        if (data[off] == 0 && end > off + kDataHeader)
            notePayload8(d, data + off + kDataHeader, end - off - kDataHeader);
        off += (chunkLen + 3) & ~3u;
    }
}

void SessionTable::Impl::advanceTo(int64_t now)
{
    clock = std::max(clock, now);
    for (;;) {
        const int64_t next = deadlines.next();
        if (next == SessionDeadlines::kNone || next >= now)
            break;
        fireAt(next);
    }
    if (!held.empty())
        releaseHeld(false);
}

void SessionTable::Impl::fireAt(int64_t deadline)
{
    due.clear();
    deadlines.collect(deadline, due);
    firing.clear();
    for (const SessionDeadlines::Due &d : due) {
        const Session &s = *slots[d.slot];
        firing.push_back(Firing{SaveOrder{deadline, s.key, s.firstPacketUsec}, d.slot, d.event});
    }
    std::sort(firing.begin(), firing.end(), [](const Firing &a, const Firing &b) {
        if (a.order != b.order)
            return a.order < b.order;
        return eventRank(a.event) < eventRank(b.event);
    });
    for (size_t i = 0; i < firing.size(); ++i) {
        const Firing &f = firing[i];
        if (i > 0 && firing[i - 1].slot == f.slot)
            continue;  // one save per session per deadline: the final one sorted first
        // Arkime checks a mid-save against each packet thread's own last packet time, so
        // whether an idle session gets an empty second segment depends on its thread
        // assignment; luacap mid-saves at the deadline, the same for any thread count.
        if (f.event == SessionDeadlines::Event::Idle)
            finalSave(f.slot, SaveReason::Timeout, f.order);
        else if (f.event == SessionDeadlines::Event::Close)
            finalSave(f.slot, SaveReason::TcpClose, f.order);
        else
            midSave(f.slot, f.order, deadline);
    }
}

// As Arkime's mid-save: write the record, clear the per-segment counters, keep the flow.
// The next interval counts from the deadline that fired, not from when it was noticed.
void SessionTable::Impl::midSave(uint32_t slot, const SaveOrder &order, int64_t deadline)
{
    Session &s = *slots[slot];
    feedPreSave(s, false, observersOf(s));
    save(s, SaveReason::MidSave, order);
    updater.resetSegment(s);
    ++s.segmentCount;
    if (config.midSaveUsec > 0) {
        s.nextMidSaveUsec = deadline + config.midSaveUsec;
        deadlines.setMidSave(slot, s.nextMidSaveUsec);
    }
}

void SessionTable::Impl::finalSave(uint32_t slot, SaveReason reason, const SaveOrder &order)
{
    std::unique_ptr<Session> owned = std::move(slots[slot]);
    Session &s = *owned;
    flushStreams(s);
    feedPreSave(s, true, observersOf(s));
    deadlines.remove(slot);
    index.erase(s.key, s.key.hash());
    freeSlots.push_back(slot);
    if (s.outstanding > 0) {
        // A pre-save asked to wait (Arkime incr_outstanding): the flow is closed for new
        // packets, and the record keeps its place in the order until decr_outstanding.
        const int64_t base = order.saveUsec == std::numeric_limits<int64_t>::max() ? clock : order.saveUsec;
        held.push_back(Held{std::move(owned), reason, order, base + config.outstandingMaxWaitUsec});
        return;
    }
    writeFinal(std::move(owned), reason, order);
}

void SessionTable::Impl::writeFinal(std::unique_ptr<Session> owned, SaveReason reason, const SaveOrder &order)
{
    save(*owned, reason, order);
    for (SessionObserver *o : observersOf(*owned))
        o->onSessionFreed(*owned);
    --sets[owned->observerSet]->sessions;
}

// Arkime's maxStreams: the table is full, so the session idle longest is saved now (a
// timeout before its time), making room for the new one.
void SessionTable::Impl::makeRoom(int64_t now)
{
    const uint32_t slot = deadlines.leastRecent();
    if (slot == SessionDeadlines::kNoSlot)
        return;
    const Session &s = *slots[slot];
    ++forced;
    finalSave(slot, SaveReason::Timeout, SaveOrder{now, s.key, s.firstPacketUsec});
}

// Writes held sessions whose outstanding work is done, or (expire) whose wait ran out.
void SessionTable::Impl::releaseHeld(bool expireAll)
{
    for (size_t i = 0; i < held.size();) {
        Held &h = held[i];
        const bool expired = expireAll || clock > h.giveUpUsec;
        if (h.session->outstanding > 0 && !expired) {
            ++i;
            continue;
        }
        if (h.session->outstanding > 0)
            updater.addTag(*h.session, "outstanding-timeout");
        Held done = std::move(h);
        held.erase(held.begin() + std::ptrdiff_t(i));
        writeFinal(std::move(done.session), done.reason, done.order);
    }
}

int64_t SessionTable::Impl::watermark() const
{
    int64_t w = clock;
    for (const Held &h : held)
        w = std::min(w, h.order.saveUsec);
    return w;
}

void SessionTable::Impl::flushStreams(Session &s)
{
    if (!s.tcp)
        return;
    for (int dir = 0; dir < 2; ++dir) {
        SessionStreamSink sink(s, dir, observersOf(s));
        s.tcp[dir].flush(sink);
    }
}

void SessionTable::Impl::saveAll(SaveReason reason)
{
    firing.clear();
    for (uint32_t slot = 0; slot < slots.size(); ++slot) {
        if (const Session *s = slots[slot].get())
            firing.push_back(Firing{SaveOrder{std::numeric_limits<int64_t>::max(), s->key, s->firstPacketUsec}, slot,
                                    SessionDeadlines::Event::Idle});
    }
    std::sort(firing.begin(), firing.end(), [](const Firing &a, const Firing &b) { return a.order < b.order; });
    for (const Firing &f : firing)
        finalSave(f.slot, reason, f.order);
}

SessionTable::SessionTable(const SessionTableConfig &config, const FieldRegistry &registry, SaveFn save)
    : impl_(std::make_unique<Impl>(config, registry, std::move(save)))
{
}

SessionTable::~SessionTable() = default;

void SessionTable::addObserver(SessionObserver *observer)
{
    Impl::ObserverSet &set = *impl_->sets.back();
    set.observers.push_back(observer);
    if (HttpObserver *http = observer->httpObserver())
        set.httpObservers.add(http);
}

uint32_t SessionTable::beginObserverSet(const std::vector<SessionObserver *> &observers)
{
    impl_->sets.push_back(std::make_unique<Impl::ObserverSet>());
    for (SessionObserver *o : observers)
        addObserver(o);
    return uint32_t(impl_->sets.size() - 1);
}

std::vector<uint32_t> SessionTable::takeDrainedSets()
{
    std::vector<uint32_t> out;
    for (uint32_t i = 0; i + 1 < impl_->sets.size(); ++i) {
        Impl::ObserverSet &set = *impl_->sets[i];
        if (set.drained || set.sessions > 0)
            continue;
        set.drained = true;
        set.observers.clear();
        out.push_back(i);
    }
    return out;
}

void SessionTable::process(const PacketInfo &packet, const uint8_t *bytes)
{
    impl_->process(packet, bytes);
}

void SessionTable::prefetchIndex(const PacketInfo &packet) const
{
    impl_->index.prefetch(packet.hash);
}

uint32_t SessionTable::prefetchSession(const PacketInfo &packet) const
{
    constexpr size_t kHotSessionBytes = std::min<size_t>(sizeof(Session), 448);
    const uint32_t slot = impl_->index.find(packet.key, packet.hash);
    const Session *s = sessionInSlot(slot);
    if (!s)
        return kNoSlot;
    const char *p = reinterpret_cast<const char *>(s);
    for (size_t off = 0; off < kHotSessionBytes; off += 64)  // key, times, per-direction counters
        __builtin_prefetch(p + off);
    return slot;
}

const Session *SessionTable::sessionInSlot(uint32_t slot) const
{
    return slot < impl_->slots.size() ? impl_->slots[slot].get() : nullptr;
}

// Parsers and observers' per-session state (attached as parsers) are their own heap blocks,
// reached through the list: two more dependent misses a packet for a session that has them.
void SessionTable::prefetchParserList(uint32_t slot) const
{
    if (const Session *s = sessionInSlot(slot); s && !s->parsers.empty())
        __builtin_prefetch(s->parsers.data());
}

// The session's other blocks a packet touches: its positions' tail, its TCP reassemblers
// (both directions: 160 bytes), its parsers, and its timeout-list node.
void SessionTable::prefetchParsers(uint32_t slot) const
{
    if (const Session *s = sessionInSlot(slot)) {
        __builtin_prefetch(s->positions.tail(), 1);
        if (const auto *tcp = reinterpret_cast<const char *>(s->tcp.get())) {
            for (size_t off = 0; off < 2 * sizeof(TcpReassembler); off += 64)
                __builtin_prefetch(tcp + off, 1);
        }
        for (const auto &parser : s->parsers)
            __builtin_prefetch(parser.get(), 1);
        impl_->deadlines.prefetch(slot);
    }
}

void SessionTable::prefetchParserState(uint32_t slot) const
{
    if (const Session *s = sessionInSlot(slot)) {
        for (const auto &parser : s->parsers)
            parser->prefetch();
        impl_->deadlines.prefetchNeighbours(slot);
    }
}

void SessionTable::advanceClock(int64_t nowUsec)
{
    impl_->advanceTo(nowUsec);
}

void SessionTable::tagOpenSessions(std::string_view tag)
{
    for (const std::unique_ptr<Session> &s : impl_->slots) {
        if (s)
            impl_->updater.addTag(*s, tag);
    }
}

void SessionTable::saveAll(SaveReason reason)
{
    impl_->saveAll(reason);
}

void SessionTable::releaseHeld(bool expireAll)
{
    impl_->releaseHeld(expireAll);
}

size_t SessionTable::heldCount() const
{
    return impl_->held.size();
}

int64_t SessionTable::heldGiveUpUsec() const
{
    int64_t earliest = std::numeric_limits<int64_t>::max();
    for (const Impl::Held &h : impl_->held) {
        if (h.session->outstanding > 0)
            earliest = std::min(earliest, h.giveUpUsec);
    }
    return earliest;
}

Session *SessionTable::find(const SessionKey &key, int64_t firstPacketUsec) const
{
    const uint32_t slot = impl_->index.find(key, key.hash());
    if (slot != SessionIndex::kNotFound && slot < impl_->slots.size()) {
        Session *s = impl_->slots[slot].get();
        if (s && s->firstPacketUsec == firstPacketUsec)
            return s;
    }
    for (const Impl::Held &h : impl_->held) {
        if (h.session->key == key && h.session->firstPacketUsec == firstPacketUsec)
            return h.session.get();
    }
    return nullptr;
}

int64_t SessionTable::watermark() const
{
    return impl_->watermark();
}

size_t SessionTable::size() const
{
    return impl_->index.size();
}

uint64_t SessionTable::sessionsCreated() const
{
    return impl_->created;
}

uint64_t SessionTable::forcedByMaxStreams() const
{
    return impl_->forced;
}

} // namespace luacap::engine

// PacketWorker implementation (packet thread): session -> reassemble -> observers -> record.
#include "dispatch/packet_worker.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <limits>

#include "dispatch/batch_inbox.h"
#include "plugin/session_observer.h"

namespace luacap::engine {

namespace {
bool byOrder(const OutRecord &a, const OutRecord &b)
{
    return a.order < b.order;
}
} // namespace

PacketWorker::PacketWorker(int index, const SessionTableConfig &config, const FieldRegistry &registry,
                           const RecordOptions &recordOptions, WorkerChannel &in, RecordChannel &out,
                           ObserverFactory observers, StartupGate &gate)
    : index_(index), config_(config), registry_(registry), encoder_(registry, recordOptions), in_(in), out_(out),
      makeObservers_(std::move(observers)), gate_(gate)
{
    in_.toWorker.ringOnPush(&commands_->wake());
}

bool PacketWorker::makeObservers(std::vector<std::unique_ptr<SessionObserver>> &observers)
{
    try {
        if (makeObservers_)
            observers = makeObservers_(index_);
    } catch (const std::exception &e) {
        stats_.startupError = e.what();
    }
    if (!stats_.startupError.empty())
        gate_.failed.store(true);
    gate_.ready.count_down();
    return stats_.startupError.empty();
}

void PacketWorker::run()
{
    const SessionCommandQueue::ThreadBinding binding(*commands_);
    if (inbox_)
        commands_->alsoRing(&inbox_->doorbell().rings);
    ObserverSets sets(1);   // declared before the table, so observers outlive its last save
    const bool started = makeObservers(sets[0]);
    SessionTable table(config_, registry_, [this](Session &session, SaveReason reason, const SaveOrder &order) {
        OutRecord record{order, {}};
        encoder_.encode(session, reason, record.json);
        pending_.push_back(std::move(record));
        ++stats_.records;
    });
    for (const auto &observer : sets[0])
        table.addObserver(observer.get());
    for (;;) {
        PacketBatch *batch = nextBatch(table);
        const auto begin = std::chrono::steady_clock::now();
        if (started) {
            applyReload(table, sets);
            awaitReplies(table, batch->clockUsec);
            processBatch(table, *batch);
            for (const auto &set : sets)
                for (const auto &observer : set)
                    observer->onBatchEnd(batch->clockUsec);
            dropDrained(table, sets);
        }
        const bool end = batch->endOfInput;
        if (inbox_)
            inbox_->giveBack(batch);
        else
            in_.freeBatches.push(batch);
        if (end) {
            table.saveAll(SaveReason::EndOfInput);
            awaitReplies(table, std::numeric_limits<int64_t>::max());
            table.releaseHeld(true);  // what still waits now waited too long
            stats_.sessionsCreated = table.sessionsCreated();
            stats_.forcedMaxStreams = table.forcedByMaxStreams();
            sendRecords(std::numeric_limits<int64_t>::max(), true);
            publishLoad(table, 0);
            return;
        }
        sendRecords(table.watermark(), false);
        publishLoad(table, uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::steady_clock::now() - begin).count()));
    }
}

size_t PacketWorker::queueDepth() const
{
    return inbox_ ? inbox_->queued() : in_.toWorker.approxSize();
}

// A reload posted since the last batch: new sessions get the new observers from now on.
void PacketWorker::applyReload(SessionTable &table, ObserverSets &sets)
{
    const std::unique_ptr<ObserverFactory> factory = mailbox_.take();
    if (!factory)
        return;
    std::vector<std::unique_ptr<SessionObserver>> observers;
    try {
        observers = (*factory)(index_);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "luacap: packet thread %d: reload failed, the running scripts stay: %s\n", index_,
                     e.what());
        load_.reloadFailures.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    std::vector<SessionObserver *> raw;
    for (const auto &o : observers)
        raw.push_back(o.get());
    const uint32_t id = table.beginObserverSet(raw);
    sets.resize(std::max<size_t>(sets.size(), id + 1));
    sets[id] = std::move(observers);
    load_.reloads.fetch_add(1, std::memory_order_relaxed);
}

// Destroys the observer sets no session uses any more. Not while a reply is due to this
// thread: it may be bound for a retired Lua state (HttpRequestBook lives in the state).
void PacketWorker::dropDrained(SessionTable &table, ObserverSets &sets)
{
    if (sets.size() < 2)
        return;
    if (commands_->expected() == 0) {
        for (uint32_t id : table.takeDrainedSets())
            sets[id].clear();
    }
    size_t retired = 0;
    for (size_t i = 0; i + 1 < sets.size(); ++i)
        retired += sets[i].empty() ? 0 : 1;
    load_.retiredSets.store(retired, std::memory_order_relaxed);
}

void PacketWorker::publishLoad(const SessionTable &table, uint64_t busyNsec)
{
    load_.packets.store(stats_.packets, std::memory_order_relaxed);
    load_.records.store(stats_.records, std::memory_order_relaxed);
    load_.sessionsOpen.store(table.size(), std::memory_order_relaxed);
    load_.busyNsec.fetch_add(busyNsec, std::memory_order_relaxed);
    load_.forcedMaxStreams.store(table.forcedByMaxStreams(), std::memory_order_relaxed);
}

void PacketWorker::processBatch(SessionTable &table, const PacketBatch &batch)
{
    ++stats_.batches;
    const std::vector<PacketInfo> &packets = batch.packets;
    // Sessions are spread over memory: later packets' state loads while earlier ones are
    // processed, one dependent level per packet (index entry, session, parser list, parsers,
    // what the parsers touch). slotAhead[j % 8] is packet j's session slot, found once.
    std::array<uint32_t, 8> slotAhead;
    slotAhead.fill(SessionTable::kNoSlot);
    for (size_t i = 0; i < packets.size(); ++i) {
        // The reader thread wrote the infos: each is a miss on this core.
        if (i + 10 < packets.size()) {
            const char *info = reinterpret_cast<const char *>(&packets[i + 10]);
            for (size_t off = 0; off < sizeof(PacketInfo); off += 64)
                __builtin_prefetch(info + off);
        }
        if (i + 6 < packets.size())
            table.prefetchIndex(packets[i + 6]);
        if (i + 4 < packets.size())
            slotAhead[(i + 4) % 8] = table.prefetchSession(packets[i + 4]);
        if (i + 3 < packets.size())
            table.prefetchParserList(slotAhead[(i + 3) % 8]);
        if (i + 2 < packets.size())
            table.prefetchParsers(slotAhead[(i + 2) % 8]);
        if (i + 1 < packets.size())
            table.prefetchParserState(slotAhead[(i + 1) % 8]);
        // Deadlines before this packet's input clock fire first, so the packet never joins a
        // session that had already timed out: the result does not depend on batch boundaries.
        table.advanceClock(packets[i].clockUsec);
        table.process(packets[i], batch.bytes(packets[i]));
    }
    stats_.packets += batch.packets.size();
    if (batch.inputTruncated)
        table.tagOpenSessions("truncated-pcap");
    table.advanceClock(batch.clockUsec);
    stats_.maxOpenSessions = std::max<uint64_t>(stats_.maxOpenSessions, table.size());
}

// Runs queued session commands; sessions whose outstanding work they finished are written.
bool PacketWorker::runCommands(SessionTable &table)
{
    const size_t ran =
        commands_->runAll([&table](const SessionRef &ref) { return table.find(ref.key, ref.firstPacketUsec); });
    if (ran == 0)
        return false;
    table.releaseHeld(false);
    return true;
}

// Waits for the next batch, running session commands meanwhile. Sleeps on the queue's wake
// counter, which both a batch push and a command post ring, so neither can be missed.
PacketBatch *PacketWorker::nextBatch(SessionTable &table)
{
    PacketBatch *batch = nullptr;
    if (inbox_) {
        // Several readers (live capture): commands run between batches (the inbox's doorbell
        // is rung by posts too, but its next() only returns with a batch).
        if (runCommands(table))
            sendRecords(table.watermark(), false);
        return inbox_->next();
    }
    for (;;) {
        if (runCommands(table))
            sendRecords(table.watermark(), false);
        const uint64_t seen = commands_->wake().load(std::memory_order_acquire);
        if (in_.toWorker.tryPop(batch))
            return batch;
        if (commands_->pending())
            continue;
        commands_->wake().wait(seen, std::memory_order_acquire);
    }
}

// Packet time must not pass a held session's limit while a reply for this thread is due (the
// result would depend on the service's speed): wait for replies, up to the wall-clock limit.
// At end of input (clockUsec = max) it waits for every announced reply.
void PacketWorker::awaitReplies(SessionTable &table, int64_t clockUsec)
{
    if (commands_->expected() == 0 || (clockUsec != std::numeric_limits<int64_t>::max() &&
                                       table.heldGiveUpUsec() >= clockUsec))
        return;
    const auto deadline =
        SessionCommandQueue::Clock::now() + std::chrono::microseconds(config_.outstandingWallWaitUsec);
    while (commands_->expected() > 0) {
        if (clockUsec != std::numeric_limits<int64_t>::max() && table.heldGiveUpUsec() >= clockUsec)
            return;
        if (!commands_->pending() && !commands_->waitUntil(deadline))
            return;
        runCommands(table);
    }
}

// Sends the records that no later save can precede (saveUsec below the watermark), in
// SaveOrder. A session released after waiting for outstanding work keeps its place.
void PacketWorker::sendRecords(int64_t watermarkUsec, bool finished)
{
    auto chunk = std::make_unique<RecordChunk>();
    if (!std::is_sorted(pending_.begin(), pending_.end(), byOrder))
        std::stable_sort(pending_.begin(), pending_.end(), byOrder);
    size_t n = 0;
    while (n < pending_.size() && (finished || pending_[n].order.saveUsec < watermarkUsec))
        ++n;
    chunk->records.assign(std::make_move_iterator(pending_.begin()), std::make_move_iterator(pending_.begin() + n));
    pending_.erase(pending_.begin(), pending_.begin() + std::ptrdiff_t(n));
    chunk->watermarkUsec = watermarkUsec;
    chunk->finished = finished;
    out_.queue.push(std::move(chunk));
    out_.doorbell.ring();
}

} // namespace luacap::engine

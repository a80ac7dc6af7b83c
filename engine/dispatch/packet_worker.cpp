// PacketWorker implementation (packet thread): session -> reassemble -> observers -> record.
#include "dispatch/packet_worker.h"

#include <algorithm>
#include <exception>
#include <limits>

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
    std::vector<std::unique_ptr<SessionObserver>> observers;
    const bool started = makeObservers(observers);
    SessionTable table(config_, registry_, [this](Session &session, SaveReason reason, const SaveOrder &order) {
        OutRecord record{order, {}};
        encoder_.encode(session, reason, record.json);
        pending_.push_back(std::move(record));
        ++stats_.records;
    });
    for (const auto &observer : observers)  // created before the table, so they outlive its last save
        table.addObserver(observer.get());
    for (;;) {
        PacketBatch *batch = in_.toWorker.pop();
        if (started)
            processBatch(table, *batch);
        const bool end = batch->endOfInput;
        in_.freeBatches.push(batch);
        if (end) {
            table.saveAll(SaveReason::EndOfInput);
            table.releaseHeld(true);  // nothing can answer any more (session commands: issue 5)
            stats_.sessionsCreated = table.sessionsCreated();
            sendRecords(std::numeric_limits<int64_t>::max(), true);
            return;
        }
        sendRecords(table.watermark(), false);
    }
}

void PacketWorker::processBatch(SessionTable &table, const PacketBatch &batch)
{
    ++stats_.batches;
    const std::vector<PacketInfo> &packets = batch.packets;
    for (size_t i = 0; i < packets.size(); ++i) {
        // Sessions are spread over memory: start loading later packets' state now.
        if (i + 6 < packets.size())
            table.prefetchIndex(packets[i + 6]);
        if (i + 3 < packets.size())
            table.prefetchSession(packets[i + 3]);
        if (i + 1 < packets.size())
            table.prefetchPositions(packets[i + 1]);
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

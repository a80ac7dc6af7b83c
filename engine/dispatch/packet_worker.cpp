// PacketWorker implementation (packet thread): session -> reassemble -> observers -> record.
#include "dispatch/packet_worker.h"

#include <algorithm>
#include <limits>

#include "plugin/session_observer.h"

namespace luacap::engine {

PacketWorker::PacketWorker(int index, const SessionTableConfig &config, const FieldRegistry &registry,
                           const RecordOptions &recordOptions, WorkerChannel &in, RecordChannel &out,
                           ObserverFactory observers)
    : index_(index), config_(config), registry_(registry), encoder_(registry, recordOptions), in_(in), out_(out),
      makeObservers_(std::move(observers))
{
}

void PacketWorker::run()
{
    chunk_ = std::make_unique<RecordChunk>();
    std::vector<std::unique_ptr<SessionObserver>> observers;
    if (makeObservers_)
        observers = makeObservers_(index_);
    SessionTable table(config_, registry_, [this](Session &session, SaveReason reason, const SaveOrder &order) {
        OutRecord record{order, {}};
        encoder_.encode(session, reason, record.json);
        chunk_->records.push_back(std::move(record));
        ++stats_.records;
    });
    for (const auto &observer : observers)  // created before the table, so they outlive its last save
        table.addObserver(observer.get());
    for (;;) {
        PacketBatch *batch = in_.toWorker.pop();
        processBatch(table, *batch);
        const bool end = batch->endOfInput;
        const int64_t clock = batch->clockUsec;
        in_.freeBatches.push(batch);
        if (end) {
            table.saveAll(SaveReason::EndOfInput);
            stats_.sessionsCreated = table.sessionsCreated();
            sendChunk(std::numeric_limits<int64_t>::max(), true);
            return;
        }
        sendChunk(clock, false);
    }
}

void PacketWorker::processBatch(SessionTable &table, const PacketBatch &batch)
{
    ++stats_.batches;
    for (const PacketInfo &packet : batch.packets) {
        // Deadlines before this packet's input clock fire first, so the packet never joins a
        // session that had already timed out: the result does not depend on batch boundaries.
        table.advanceClock(packet.clockUsec);
        table.process(packet, batch.bytes(packet));
    }
    stats_.packets += batch.packets.size();
    if (batch.inputTruncated)
        table.tagOpenSessions("truncated-pcap");
    table.advanceClock(batch.clockUsec);
    stats_.maxOpenSessions = std::max<uint64_t>(stats_.maxOpenSessions, table.size());
}

void PacketWorker::sendChunk(int64_t watermarkUsec, bool finished)
{
    chunk_->watermarkUsec = watermarkUsec;
    chunk_->finished = finished;
    out_.queue.push(std::move(chunk_));
    out_.doorbell.ring();
    chunk_ = std::make_unique<RecordChunk>();
}

} // namespace luacap::engine

// PacketWorker: one packet thread. Owns its SessionTable (created and destroyed on its thread),
// processes the batches the reader sends, encodes saved sessions and hands them to the writer.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "dispatch/observer_mailbox.h"
#include "dispatch/record_channel.h"
#include "dispatch/session_command_queue.h"
#include "dispatch/startup_gate.h"
#include "plugin/session_observer.h"
#include "dispatch/worker_channel.h"
#include "dispatch/worker_load.h"
#include "dispatch/worker_stats.h"
#include "records/record_encoder.h"
#include "session/session_table.h"

namespace luacap::engine {

class BatchInbox;
class FieldRegistry;
class SessionObserver;

class PacketWorker {
public:
    PacketWorker(int index, const SessionTableConfig &config, const FieldRegistry &registry,
                 const RecordOptions &recordOptions, WorkerChannel &in, RecordChannel &out,
                 ObserverFactory observers, StartupGate &gate);

    // The packet thread's loop: returns after the endOfInput batch.
    void run();
    const WorkerStats &stats() const { return stats_; }
    // Live counters, updated once per batch (any thread may read them).
    const WorkerLoad &load() const { return load_; }
    // Batches waiting for this packet thread (any thread; a snapshot).
    size_t queueDepth() const;
    // Any thread: before its next batch, this packet thread builds a new observer set with
    // factory (on its own thread) for the sessions created from then on; sessions already
    // open keep their observers, which are destroyed once the last of them is freed. If the
    // factory throws, the thread keeps its current observers and counts a reload failure.
    void reloadObservers(ObserverFactory factory) { mailbox_.post(std::move(factory)); }
    // This packet thread's inbox for session commands (shared: a poster may outlive the thread).
    std::shared_ptr<SessionCommandQueue> commands() const { return commands_; }
    // Live capture: read batches from several readers' channels instead of `in` (set before run()).
    void setInbox(BatchInbox *inbox) { inbox_ = inbox; }

private:
    using ObserverSets = std::vector<std::vector<std::unique_ptr<SessionObserver>>>;   // by table set index

    void processBatch(SessionTable &table, const PacketBatch &batch);
    bool makeObservers(std::vector<std::unique_ptr<SessionObserver>> &observers);
    void sendRecords(int64_t watermarkUsec, bool finished);
    // Session commands: run those queued; wait for a batch while running them; wait (wall
    // clock) for announced replies before packet time passes a held session's limit, and
    // before the end of input gives up on them.
    bool runCommands(SessionTable &table);
    PacketBatch *nextBatch(SessionTable &table);
    void awaitReplies(SessionTable &table, int64_t clockUsec);
    void applyReload(SessionTable &table, ObserverSets &sets);
    void dropDrained(SessionTable &table, ObserverSets &sets);
    void publishLoad(const SessionTable &table, uint64_t busyNsec);

    int index_;
    SessionTableConfig config_;
    const FieldRegistry &registry_;
    RecordEncoder encoder_;
    WorkerChannel &in_;
    RecordChannel &out_;
    ObserverFactory makeObservers_;
    StartupGate &gate_;
    std::vector<OutRecord> pending_;   // saved, not yet sent to the writer
    WorkerStats stats_;
    WorkerLoad load_;
    ObserverMailbox mailbox_;
    BatchInbox *inbox_ = nullptr;
    std::shared_ptr<SessionCommandQueue> commands_ = std::make_shared<SessionCommandQueue>();
};

} // namespace luacap::engine

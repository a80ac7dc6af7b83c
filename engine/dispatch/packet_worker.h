// PacketWorker: one packet thread. Owns its SessionTable (created and destroyed on its thread),
// processes the batches the reader sends, encodes saved sessions and hands them to the writer.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "dispatch/record_channel.h"
#include "dispatch/startup_gate.h"
#include "plugin/session_observer.h"
#include "dispatch/worker_channel.h"
#include "dispatch/worker_stats.h"
#include "records/record_encoder.h"
#include "session/session_table.h"

namespace luacap::engine {

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

private:
    void processBatch(SessionTable &table, const PacketBatch &batch);
    bool makeObservers(std::vector<std::unique_ptr<SessionObserver>> &observers);
    void sendRecords(int64_t watermarkUsec, bool finished);

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
};

} // namespace luacap::engine

// LivePipeline: live capture's threads: one reader thread per interface -> packet threads
// (each polling one channel per reader through a BatchInbox) -> writer thread. Lives on the
// main thread; stop() asks the readers to end, which saves every open session and flushes
// the sink; finished() is emitted (from the writer thread) once the last record is written.
#pragma once

#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

#include "capture/live_reader_stats.h"
#include "dispatch/replay_pipeline.h"
#include "dispatch/thread_group.h"

namespace luacap::engine {

class BatchInbox;
class LiveReader;
class LiveSource;

struct LiveStats {
    // One packet thread's live counters (WorkerLoad), read while it runs.
    struct Thread {
        uint64_t packets = 0, records = 0, sessionsOpen = 0, busyNsec = 0, queueDepth = 0;
        uint64_t forcedMaxStreams = 0, reloads = 0, reloadFailures = 0, retiredSets = 0;
    };
    struct Interface {
        std::string name;
        uint64_t packets = 0, bytes = 0, ownDrops = 0, kernelDrops = 0, interfaceDrops = 0;
        std::string error;
    };
    bool final = false;                 // every thread ended: the fields below are filled
    std::vector<Interface> interfaces;
    std::vector<Thread> threads;        // live
    std::vector<WorkerStats> workers;   // complete once finished
    uint64_t recordsWritten = 0;
    std::vector<std::string> startupErrors;
    bool sinkFailed = false;
    std::string sinkError;
};

class LivePipeline : public QObject {
    Q_OBJECT
public:
    LivePipeline(const PipelineConfig &config, const FieldRegistry &registry, RecordSink &sink,
                 std::vector<std::unique_ptr<LiveSource>> sources, QObject *parent = nullptr);
    ~LivePipeline() override;

    void start();
    // Any thread: readers stop at their next poll (within LiveReader::kFlushMs).
    void stop() { stop_.store(true); }
    void wait();
    // Any thread: every packet thread builds a new observer set with factory before its next
    // batch (PacketWorker::reloadObservers); open sessions keep theirs.
    void reloadObservers(const ObserverFactory &factory);
    // Counters so far (interfaces: live; errors and packet threads: once finished).
    LiveStats stats() const;

signals:
    void finished();

private:
    void buildWorkers(size_t readers);

    PipelineConfig config_;
    const FieldRegistry &registry_;
    RecordSink &sink_;
    std::vector<std::unique_ptr<LiveSource>> sources_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> done_{false};   // the writer wrote the last record: every thread's stats are final
    std::unique_ptr<Doorbell> doorbell_;
    std::unique_ptr<StartupGate> gate_;
    std::vector<std::unique_ptr<PacketBatch>> batchPool_;
    std::vector<std::vector<std::unique_ptr<WorkerChannel>>> channels_;   // [reader][worker]
    std::vector<std::unique_ptr<BatchInbox>> inboxes_;                    // [worker]
    std::vector<std::unique_ptr<RecordChannel>> recordChannels_;
    std::vector<std::unique_ptr<PacketWorker>> workers_;
    std::vector<std::unique_ptr<LiveReader>> readers_;
    std::unique_ptr<RecordMerger> merger_;
    ThreadGroup threads_;
};

} // namespace luacap::engine

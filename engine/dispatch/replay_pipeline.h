// ReplayPipeline: wires reader thread -> packet threads -> writer thread for a list of files.
// Lives on the main thread; emits finished() (queued to the main thread) when the last record
// is written, so the main event loop stays free for other work (HTTP, timers) meanwhile.
#pragma once

#include <QObject>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "decode/packet_decoder.h"
#include "plugin/session_observer.h"
#include "dispatch/reader_stats.h"
#include "dispatch/thread_group.h"
#include "dispatch/worker_stats.h"
#include "records/record_encoder.h"
#include "session/session_table.h"

namespace luacap::engine {

class FieldRegistry;
struct PacketBatch;
class SessionObserver;
class RecordSink;
class PacketReader;
class PacketWorker;
class RecordMerger;
struct WorkerChannel;
struct RecordChannel;
struct Doorbell;
struct StartupGate;
class PcapStore;

struct PipelineConfig {
    int packetThreads = 1;
    DecoderConfig decoder;
    SessionTableConfig sessions;
    RecordOptions records;
    size_t batchesPerThread = 16;   // bounds memory: the reader waits when a packet thread lags
    ObserverFactory observers;      // optional
    PcapStore *pcapStore = nullptr; // optional (pcapDir): readers write packets there, records point into it
    // optional: setting it true (any thread) cancels the run like cancel(); lets a caller that
    // never sees the pipeline (ReplayRun's users) stop it. Must outlive the run.
    std::atomic<bool> *cancel = nullptr;
};

struct PipelineStats {
    ReaderStats reader;
    std::vector<WorkerStats> workers;
    uint64_t recordsWritten = 0;
    std::vector<std::string> startupErrors;   // packet threads whose observers could not be built
    bool sinkFailed = false;
    std::string sinkError;
    bool cancelled = false;   // the reader stopped early; the records written are still whole
};

class ReplayPipeline : public QObject {
    Q_OBJECT
public:
    ReplayPipeline(const PipelineConfig &config, const FieldRegistry &registry, RecordSink &sink,
                   QObject *parent = nullptr);
    ~ReplayPipeline() override;

    void start(const std::vector<std::string> &files);
    // Blocks until every thread ended (call after finished(), or to run without an event loop).
    void wait();
    PipelineStats stats() const;
    // Any thread: stop reading at the next batch boundary; the run then ends as at end of input
    // (open sessions saved, writer flushed) and finished() comes as usual.
    void cancel();
    // Any thread: a Lua reload; every packet thread installs a new observer set before its
    // next batch (PacketWorker::reloadObservers), open sessions keep theirs.
    void reloadObservers(const ObserverFactory &factory);

signals:
    void finished();

private:
    PipelineConfig config_;
    const FieldRegistry &registry_;
    RecordSink &sink_;
    std::unique_ptr<Doorbell> doorbell_;
    std::unique_ptr<StartupGate> gate_;
    std::vector<std::unique_ptr<PacketBatch>> batchPool_;
    std::vector<std::unique_ptr<WorkerChannel>> workerChannels_;
    std::vector<std::unique_ptr<RecordChannel>> recordChannels_;
    std::vector<std::unique_ptr<PacketWorker>> workers_;
    std::unique_ptr<PacketReader> reader_;
    std::unique_ptr<RecordMerger> merger_;
    ThreadGroup threads_;
    std::atomic<bool> ownCancel_{false};
    std::atomic<bool> *cancel_ = nullptr;   // config_.cancel or ownCancel_
};

} // namespace luacap::engine

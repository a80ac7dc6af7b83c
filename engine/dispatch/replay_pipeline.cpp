// ReplayPipeline implementation (main thread creates, each stage runs on its own QThread).
#include "dispatch/replay_pipeline.h"

#include "dispatch/packet_reader.h"
#include "dispatch/packet_worker.h"
#include "dispatch/record_channel.h"
#include "dispatch/record_merger.h"
#include "dispatch/startup_gate.h"
#include "dispatch/worker_channel.h"
#include "records/record_sink.h"

namespace luacap::engine {

ReplayPipeline::ReplayPipeline(const PipelineConfig &config, const FieldRegistry &registry, RecordSink &sink,
                               QObject *parent)
    : QObject(parent), config_(config), registry_(registry), sink_(sink), doorbell_(std::make_unique<Doorbell>())
{
    const int n = std::max(1, config_.packetThreads);
    config_.packetThreads = n;
    gate_ = std::make_unique<StartupGate>(n);
    std::vector<RecordChannel *> recordInputs;
    for (int i = 0; i < n; ++i) {
        workerChannels_.push_back(std::make_unique<WorkerChannel>(config_.batchesPerThread));
        recordChannels_.push_back(std::make_unique<RecordChannel>(config_.batchesPerThread * 4, *doorbell_));
        for (size_t b = 0; b < config_.batchesPerThread; ++b) {
            batchPool_.push_back(std::make_unique<PacketBatch>());
            workerChannels_.back()->freeBatches.push(batchPool_.back().get());
        }
        workers_.push_back(std::make_unique<PacketWorker>(i, config_.sessions, registry_, config_.records,
                                                          *workerChannels_.back(), *recordChannels_.back(),
                                                          config_.observers, *gate_));
        recordInputs.push_back(recordChannels_.back().get());
    }
    merger_ = std::make_unique<RecordMerger>(recordInputs, *doorbell_, sink_);
}

ReplayPipeline::~ReplayPipeline()
{
    wait();
}

void ReplayPipeline::start(const std::vector<std::string> &files)
{
    std::vector<WorkerChannel *> channels;
    for (auto &channel : workerChannels_)
        channels.push_back(channel.get());
    reader_ = std::make_unique<PacketReader>(files, config_.decoder, channels, gate_.get());

    auto launch = [this](const QString &name, std::function<void()> body) {
        std::unique_ptr<QThread> thread(QThread::create(std::move(body)));
        thread->setObjectName(name);
        thread->start();
        threads_.push_back(std::move(thread));
    };
    launch("luacap-writer", [this] {
        merger_->run();
        emit finished();
    });
    for (size_t i = 0; i < workers_.size(); ++i)
        launch(QString("luacap-pkt%1").arg(i), [w = workers_[i].get()] { w->run(); });
    launch("luacap-reader", [this] { reader_->run(); });
}

void ReplayPipeline::wait()
{
    for (auto &thread : threads_)
        thread->wait();
}

PipelineStats ReplayPipeline::stats() const
{
    PipelineStats s;
    if (reader_)
        s.reader = reader_->stats();
    for (const auto &worker : workers_) {
        s.workers.push_back(worker->stats());
        if (!worker->stats().startupError.empty())
            s.startupErrors.push_back(worker->stats().startupError);
    }
    s.recordsWritten = merger_->written();
    s.sinkFailed = merger_->failed();
    s.sinkError = sink_.error();
    return s;
}

} // namespace luacap::engine

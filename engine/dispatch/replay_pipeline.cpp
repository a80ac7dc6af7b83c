// ReplayPipeline implementation (main thread creates, each stage runs on its own QThread).
#include "dispatch/replay_pipeline.h"

#include "dispatch/packet_reader.h"
#include "dispatch/packet_worker.h"
#include "dispatch/pipeline_outcome.h"
#include "dispatch/record_channel.h"
#include "dispatch/record_merger.h"
#include "dispatch/startup_gate.h"
#include "dispatch/worker_channel.h"
#include "pcapstore/pcap_format.h"
#include "pcapstore/pcap_store.h"
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
    cancel_ = config_.cancel ? config_.cancel : &ownCancel_;
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
    if (config_.pcapStore)
        reader_->setPcapSeries(&config_.pcapStore->addSeries(PcapFormat::kMaxSnapLen));
    reader_->setStopFlag(cancel_);

    threads_.launch("luacap-writer", [this] {
        merger_->run();
        emit finished();
    });
    for (size_t i = 0; i < workers_.size(); ++i)
        threads_.launch(QString("luacap-pkt%1").arg(i), [w = workers_[i].get()] { w->run(); });
    threads_.launch("luacap-reader", [this] { reader_->run(); });
}

void ReplayPipeline::cancel()
{
    cancel_->store(true, std::memory_order_relaxed);
}

void ReplayPipeline::reloadObservers(const ObserverFactory &factory)
{
    for (const auto &worker : workers_)
        worker->reloadObservers(factory);
}

void ReplayPipeline::wait()
{
    threads_.wait();
}

PipelineStats ReplayPipeline::stats() const
{
    PipelineStats s;
    if (reader_) {
        s.reader = reader_->stats();
        s.cancelled = reader_->stopped();
    }
    collectOutcome(s, workers_, *merger_, sink_);
    return s;
}

} // namespace luacap::engine

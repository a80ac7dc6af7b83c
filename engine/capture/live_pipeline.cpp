// LivePipeline implementation (main thread builds; each stage runs on its own QThread).
#include "capture/live_pipeline.h"

#include "capture/live_reader.h"
#include "capture/live_source.h"
#include "dispatch/batch_inbox.h"
#include "dispatch/packet_worker.h"
#include "dispatch/pipeline_outcome.h"
#include "dispatch/record_channel.h"
#include "dispatch/record_merger.h"
#include "dispatch/startup_gate.h"
#include "dispatch/worker_channel.h"
#include "pcapstore/pcap_store.h"
#include "records/record_sink.h"

#include <pcap/pcap.h>

namespace luacap::engine {

LivePipeline::LivePipeline(const PipelineConfig &config, const FieldRegistry &registry, RecordSink &sink,
                           std::vector<std::unique_ptr<LiveSource>> sources, QObject *parent)
    : QObject(parent), config_(config), registry_(registry), sink_(sink), sources_(std::move(sources)),
      doorbell_(std::make_unique<Doorbell>())
{
    config_.packetThreads = std::max(1, config_.packetThreads);
    gate_ = std::make_unique<StartupGate>(config_.packetThreads);
    buildWorkers(sources_.size());
    for (size_t r = 0; r < sources_.size(); ++r) {
        std::vector<WorkerChannel *> row;
        std::vector<Doorbell *> bells;
        for (size_t w = 0; w < workers_.size(); ++w) {
            row.push_back(channels_[r][w].get());
            bells.push_back(&inboxes_[w]->doorbell());
        }
        readers_.push_back(std::make_unique<LiveReader>(*sources_[r], config_.decoder, row, bells, stop_, gate_.get()));
        if (config_.pcapStore)
            readers_.back()->setPcapSeries(&config_.pcapStore->addSeries(uint32_t(pcap_snapshot(sources_[r]->handle()))));
    }
}

// One channel (with its own batch pool) per (reader, packet thread) pair: every queue keeps
// one producer and one consumer.
void LivePipeline::buildWorkers(size_t readers)
{
    const size_t n = size_t(config_.packetThreads);
    channels_.resize(readers);
    for (size_t r = 0; r < readers; ++r) {
        for (size_t w = 0; w < n; ++w) {
            channels_[r].push_back(std::make_unique<WorkerChannel>(config_.batchesPerThread));
            for (size_t b = 0; b < config_.batchesPerThread; ++b) {
                batchPool_.push_back(std::make_unique<PacketBatch>());
                channels_[r].back()->freeBatches.push(batchPool_.back().get());
            }
        }
    }
    std::vector<RecordChannel *> recordInputs;
    for (size_t w = 0; w < n; ++w) {
        std::vector<WorkerChannel *> column;
        for (size_t r = 0; r < readers; ++r)
            column.push_back(channels_[r][w].get());
        inboxes_.push_back(std::make_unique<BatchInbox>(column));
        recordChannels_.push_back(std::make_unique<RecordChannel>(config_.batchesPerThread * 4, *doorbell_));
        workers_.push_back(std::make_unique<PacketWorker>(int(w), config_.sessions, registry_, config_.records,
                                                          *column.front(), *recordChannels_.back(),
                                                          config_.observers, *gate_));
        workers_.back()->setInbox(inboxes_.back().get());
        recordInputs.push_back(recordChannels_.back().get());
    }
    merger_ = std::make_unique<RecordMerger>(recordInputs, *doorbell_, sink_);
    merger_->setFlushIntervalMs(1000);
}

LivePipeline::~LivePipeline()
{
    stop();
    wait();
}

void LivePipeline::start()
{
    threads_.launch("luacap-writer", [this] {
        merger_->run();
        done_.store(true);
        emit finished();
    });
    for (size_t i = 0; i < workers_.size(); ++i)
        threads_.launch(QString("luacap-pkt%1").arg(i), [w = workers_[i].get()] { w->run(); });
    for (size_t i = 0; i < readers_.size(); ++i)
        threads_.launch(QString("luacap-rd-%1").arg(QString::fromStdString(sources_[i]->name())),
               [r = readers_[i].get()] { r->run(); });
}

void LivePipeline::wait()
{
    threads_.wait();
}

void LivePipeline::reloadObservers(const ObserverFactory &factory)
{
    for (const auto &worker : workers_)
        worker->reloadObservers(factory);
}

namespace {
LiveStats::Thread threadLoad(const PacketWorker &worker)
{
    const WorkerLoad &l = worker.load();
    constexpr auto r = std::memory_order_relaxed;
    return LiveStats::Thread{l.packets.load(r),          l.records.load(r),       l.sessionsOpen.load(r),
                             l.busyNsec.load(r),         worker.queueDepth(),     l.forcedMaxStreams.load(r),
                             l.reloads.load(r),          l.reloadFailures.load(r), l.retiredSets.load(r)};
}
} // namespace

LiveStats LivePipeline::stats() const
{
    LiveStats s;
    for (const auto &worker : workers_)
        s.threads.push_back(threadLoad(*worker));
    for (size_t i = 0; i < readers_.size(); ++i) {
        const LiveReaderStats &r = readers_[i]->stats();
        s.interfaces.push_back({sources_[i]->name(), r.packets.load(), r.bytes.load(), r.ownDrops.load(),
                                r.kernelDrops.load(), r.interfaceDrops.load(), done_ ? r.error : std::string()});
    }
    s.final = done_;
    if (!s.final)
        return s;
    collectOutcome(s, workers_, *merger_, sink_);
    return s;
}

} // namespace luacap::engine

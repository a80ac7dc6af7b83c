// LivePipeline implementation (main thread builds; each stage runs on its own QThread).
#include "capture/live_pipeline.h"

#include "capture/live_reader.h"
#include "capture/live_source.h"
#include "dispatch/batch_inbox.h"
#include "dispatch/packet_worker.h"
#include "dispatch/record_channel.h"
#include "dispatch/record_merger.h"
#include "dispatch/startup_gate.h"
#include "dispatch/worker_channel.h"
#include "records/record_sink.h"

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
    auto launch = [this](const QString &name, std::function<void()> body) {
        std::unique_ptr<QThread> thread(QThread::create(std::move(body)));
        thread->setObjectName(name);
        thread->start();
        threads_.push_back(std::move(thread));
    };
    launch("luacap-writer", [this] {
        merger_->run();
        done_.store(true);
        emit finished();
    });
    for (size_t i = 0; i < workers_.size(); ++i)
        launch(QString("luacap-pkt%1").arg(i), [w = workers_[i].get()] { w->run(); });
    for (size_t i = 0; i < readers_.size(); ++i)
        launch(QString("luacap-rd-%1").arg(QString::fromStdString(sources_[i]->name())),
               [r = readers_[i].get()] { r->run(); });
}

void LivePipeline::wait()
{
    for (auto &thread : threads_)
        thread->wait();
}

LiveStats LivePipeline::stats() const
{
    LiveStats s;
    for (size_t i = 0; i < readers_.size(); ++i) {
        const LiveReaderStats &r = readers_[i]->stats();
        s.interfaces.push_back({sources_[i]->name(), r.packets.load(), r.bytes.load(), r.ownDrops.load(),
                                r.kernelDrops.load(), r.interfaceDrops.load(), done_ ? r.error : std::string()});
    }
    s.final = done_;
    if (!s.final)
        return s;
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

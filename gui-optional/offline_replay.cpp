// OfflineReplay implementation: GUI thread, except runInThread (the replay's own thread).
#include "offline_replay.h"

#include <QFileInfo>
#include <algorithm>

#include "fields/field_registry.h"
#include "forwarding_sink.h"
#include "replay_options.h"
#include "replay_run.h"

namespace luacap::viewer {

struct OfflineReplay::Run {
    QString pcap;
    QStringList luaFiles;
    int packetThreads = 1;
    std::atomic<bool> stop{false};        // the engine's stop flag (PipelineConfig::cancel)
    std::atomic<bool> abandoned{false};   // the sink drops the rest
    quint64 delivered = 0;   // GUI thread
    qint64 fileSize = 0;
};

namespace {
QStringList toQStrings(const std::vector<std::string> &lines)
{
    QStringList out;
    for (const std::string &line : lines)
        out << QString::fromStdString(line);
    return out;
}

app::ReplayOptions optionsFor(const QString &pcap, const QStringList &luaFiles, int packetThreads,
                              std::atomic<bool> *stop)
{
    app::ReplayOptions options;
    options.pipeline.cancel = stop;
    options.files = {pcap.toStdString()};
    for (const QString &f : luaFiles)
        options.luaFiles.push_back(f.toStdString());
    options.pipeline.packetThreads = std::max(1, packetThreads);
    return options;
}
} // namespace

OfflineReplay::OfflineReplay(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<Result>();
}

OfflineReplay::~OfflineReplay()
{
    abandon();
    for (auto &thread : threads_)
        thread->wait();
}

bool OfflineReplay::start(const QString &pcapPath, const QStringList &luaFiles, int packetThreads)
{
    if (running_)
        return false;
    auto run = std::make_shared<Run>();
    run->pcap = pcapPath;
    run->luaFiles = luaFiles;
    run->packetThreads = packetThreads;
    run->fileSize = QFileInfo(pcapPath).size();
    current_ = run;
    running_ = true;
    pcapPath_ = pcapPath;
    threads_.emplace_back(QThread::create([this, run] { runInThread(run); }));
    threads_.back()->start();
    return true;
}

void OfflineReplay::cancel()
{
    if (running_)
        current_->stop = true;
}

bool OfflineReplay::cancelling() const
{
    return running_ && current_->stop.load();
}

void OfflineReplay::abandon()
{
    if (!running_)
        return;
    current_->stop = true;
    current_->abandoned = true;
    Result result;
    result.cancelled = true;
    result.records = current_->delivered;
    complete(current_, result);
}

// The replay's thread: the same steps as `luacap replay`, records into a ForwardingSink.
void OfflineReplay::runInThread(std::shared_ptr<Run> run)
{
    engine::FieldRegistry registry;
    const app::ReplayOptions options = optionsFor(run->pcap, run->luaFiles, run->packetThreads, &run->stop);
    app::ReplayRun replay(options, registry, luaapi::LuaLimits{});
    Result result;
    std::string error;
    if (replay.prepare(&error)) {
        ForwardingSink sink([this, run](QList<QByteArray> records, qint64 furthest) {
                                deliver(run, std::move(records), furthest);
                            },
                            run->abandoned);
        const engine::PipelineStats stats = replay.run(sink, false);
        sink.flush();
        result.records = stats.recordsWritten;
        result.packets = stats.reader.decode.packets;
        result.cancelled = stats.cancelled;
        result.errors = toQStrings(stats.startupErrors) + toQStrings(stats.reader.errors);
        if (stats.sinkFailed)
            result.errors << QString::fromStdString(stats.sinkError);
        result.luaErrors = toQStrings(replay.luaErrorLines());
    } else {
        result.errors << QString::fromStdString(error);
    }
    QMetaObject::invokeMethod(this, [this, run, result] { complete(run, result); }, Qt::QueuedConnection);
}

// Any thread: queues the batch to the GUI thread, where an abandoned run's batches are dropped.
void OfflineReplay::deliver(const std::shared_ptr<Run> &run, QList<QByteArray> records, qint64 furthest)
{
    QMetaObject::invokeMethod(this, [this, run, furthest, records = std::move(records)] {
        if (run != current_)
            return;
        run->delivered += quint64(records.size());
        emit recordsReady(records);
        const bool known = furthest > 0 && run->fileSize > 0;
        emit progress(run->delivered, known ? int(std::min<qint64>(100, furthest * 100 / run->fileSize)) : -1);
    }, Qt::QueuedConnection);
}

void OfflineReplay::complete(std::shared_ptr<Run> run, Result result)
{
    if (run != current_)
        return;   // an abandoned run ending in the background: already reported
    current_.reset();
    running_ = false;
    emit finished(result);
}

} // namespace luacap::viewer

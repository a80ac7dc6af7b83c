// `luacap capture` (main thread): open interfaces as root, drop privileges, load Lua, run the
// live pipeline until a signal, then save every session, flush the sink and print stats.
// With -r the same command reads capture files through the replay pipeline instead.
#include "capture_command.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <cstdio>

#include "capture/live_pipeline.h"
#include "capture_api.h"
#include "capture/live_source.h"
#include "capture_options.h"
#include "capture_pcap.h"
#include "session_packets_source.h"
#include "core/core_services.h"
#include "decode/packet_decoder.h"
#include "fields/field_registry.h"
#include "lua_reloader.h"
#include "parsers/builtin_parsers.h"
#include "parsers/register_parsers.h"
#include "pcapstore/pcap_store.h"
#include "privilege_drop.h"
#include "records/record_sink.h"
#include "run_stats.h"
#include "signal_pipe.h"
#include "thread_load_meter.h"

namespace luacap::app {

namespace {
void fail(const std::string &message)
{
    std::fprintf(stderr, "luacap capture: %s\n", message.c_str());
}

// A packet thread's observers: the built-in parsers, then the Lua ones (luaObservers may be empty).
engine::ObserverFactory observerFactory(const engine::ClassifierTable &classifiers, engine::ObserverFactory luaObservers)
{
    return [&classifiers, luaObservers](int thread) {
        std::vector<std::unique_ptr<engine::SessionObserver>> observers;
        if (classifiers.size() > 0)
            observers.push_back(std::make_unique<engine::BuiltinParsers>(classifiers));
        if (luaObservers) {
            for (auto &o : luaObservers(thread))
                observers.push_back(std::move(o));
        }
        return observers;
    };
}

// Parsers, then Lua (after the privilege drop: no Lua ever runs as root).
bool setUpObservers(CaptureOptions &options, engine::FieldRegistry &registry, engine::ClassifierTable &classifiers,
                    luaapi::LuaRuntime &lua)
{
    std::string error;
    if (!engine::registerBuiltinParsers(options.parsers, registry, classifiers, &error))
        return fail("parsers: " + error), false;
    engine::ObserverFactory luaObservers;
    if (!options.luaFiles.empty()) {
        if (!lua.loadMain(registry, &error))
            return fail("lua: " + error), false;
        luaObservers = lua.factory(registry);
    }
    options.pipeline.observers = observerFactory(classifiers, luaObservers);
    return true;
}

// SIGHUP: the Lua files are loaded again on this thread first; only when that succeeds do the
// packet threads build new states (before their next batch) for the sessions that start
// after it. Sessions already open finish with the scripts they started with.
template <typename Pipeline>
void reloadLua(LuaReloader &lua, const engine::FieldRegistry &registry, const engine::ClassifierTable &classifiers,
               Pipeline &pipeline)
{
    if (!lua.enabled()) {
        std::fprintf(stderr, "luacap capture: SIGHUP: no Lua files configured, nothing to reload\n");
        return;
    }
    std::string error;
    engine::ObserverFactory luaObservers = lua.reload(registry, &error);
    if (!luaObservers)
        return fail("SIGHUP: reload failed, the running scripts stay: lua: " + error);
    pipeline.reloadObservers(observerFactory(classifiers, luaObservers));
    std::fprintf(stderr, "luacap capture: SIGHUP: Lua files reloaded (reload %llu): new sessions use them\n",
                 static_cast<unsigned long long>(lua.reloads()));
}

bool openSources(const engine::CaptureConfig &config, std::vector<std::unique_ptr<engine::LiveSource>> &sources)
{
    for (const std::string &name : config.interfaces) {
        auto source = std::make_unique<engine::LiveSource>();
        std::string error;
        if (!source->open(name, config, &error))
            return fail(error), false;
        if (!engine::PacketDecoder::supportsLinkType(source->linkType()))
            return fail(name + ": unsupported link type " + std::to_string(source->linkType())), false;
        sources.push_back(std::move(source));
    }
    return true;
}

// Interfaces and files alike: SIGTERM/SIGINT stop the readers (every open session is then
// saved, the sink flushed), SIGHUP reloads the Lua files.
template <typename Pipeline>
void connectSignals(SignalPipe &signalPipe, Pipeline &pipeline, void (Pipeline::*stop)(), LuaReloader &lua,
                    const engine::FieldRegistry &registry, const engine::ClassifierTable &classifiers)
{
    QObject::connect(&signalPipe, &SignalPipe::terminateRequested, &pipeline, [&pipeline, stop](int signal) {
        std::fprintf(stderr, "luacap capture: signal %d: saving open sessions and stopping\n", signal);
        (pipeline.*stop)();
    });
    QObject::connect(&signalPipe, &SignalPipe::reloadRequested, &pipeline,
                     [&lua, &registry, &classifiers, &pipeline] { reloadLua(lua, registry, classifiers, pipeline); });
}

int checkConfig(CaptureOptions &options, engine::FieldRegistry &registry)
{
    std::string error;
    if (!checkDropTarget(options.capture.dropUser, options.capture.dropGroup, &error))
        return fail(error), 2;
    engine::ClassifierTable classifiers;
    LuaReloader lua(options.luaFiles, luaapi::LuaLimits{});
    if (!setUpObservers(options, registry, classifiers, lua.initial()))
        return 2;
    std::printf("config ok\n");
    return 0;
}

std::string interfaceLine(const engine::LiveStats &stats)
{
    std::string line;
    for (const auto &i : stats.interfaces) {
        line += (line.empty() ? "" : "; ") + i.name + ": packets=" + std::to_string(i.packets) +
                " bytes=" + std::to_string(i.bytes) + " kernelDrops=" + std::to_string(i.kernelDrops) +
                " interfaceDrops=" + std::to_string(i.interfaceDrops) + " ownDrops=" + std::to_string(i.ownDrops);
    }
    return stats.final ? line + "; records=" + std::to_string(stats.recordsWritten) : line;
}

std::string interfaceJson(const engine::LiveStats &stats)
{
    std::string json = "{\"interfaces\":[";
    for (size_t k = 0; k < stats.interfaces.size(); ++k) {
        const auto &i = stats.interfaces[k];
        json += std::string(k ? "," : "") + "{\"name\":\"" + i.name + "\",\"packets\":" + std::to_string(i.packets) +
                ",\"bytes\":" + std::to_string(i.bytes) + ",\"kernelDrops\":" + std::to_string(i.kernelDrops) +
                ",\"interfaceDrops\":" + std::to_string(i.interfaceDrops) +
                ",\"ownDrops\":" + std::to_string(i.ownDrops) + "}";
    }
    uint64_t sessions = 0, forced = 0;
    for (const auto &w : stats.workers)
        sessions += w.sessionsCreated, forced += w.forcedMaxStreams;
    return json + "],\"sessions\":" + std::to_string(sessions) + ",\"sessionsForcedMaxStreams\":" +
           std::to_string(forced) + ",\"records\":" + std::to_string(stats.recordsWritten) + "}";
}

// The live API's /stats answer (docs/live-api.md): totals, drops, one row per interface and
// per packet thread, open sessions and Lua errors.
QJsonObject statsObject(const engine::LiveStats &stats, qint64 uptimeSeconds, ThreadLoadMeter &meter,
                        const LuaReloader &lua)
{
    qint64 open = 0, saved = 0, forced = 0, threadReloadFailures = 0;
    for (const auto &t : stats.threads) {
        open += qint64(t.sessionsOpen), saved += qint64(t.records), forced += qint64(t.forcedMaxStreams);
        threadReloadFailures += qint64(t.reloadFailures);
    }
    qint64 packets = 0, bytes = 0, kernel = 0, iface = 0, own = 0;
    QJsonArray interfaces;
    for (const auto &i : stats.interfaces) {
        packets += qint64(i.packets), bytes += qint64(i.bytes);
        kernel += qint64(i.kernelDrops), iface += qint64(i.interfaceDrops), own += qint64(i.ownDrops);
        interfaces.append(QJsonObject{{"name", QString::fromStdString(i.name)}, {"packets", qint64(i.packets)},
                                      {"bytes", qint64(i.bytes)}, {"kernelDrops", qint64(i.kernelDrops)},
                                      {"interfaceDrops", qint64(i.interfaceDrops)}, {"ownDrops", qint64(i.ownDrops)}});
    }
    return QJsonObject{{"uptimeSeconds", uptimeSeconds},
                       {"packets", packets},
                       {"bytes", bytes},
                       {"drops", QJsonObject{{"kernel", kernel}, {"interface", iface}, {"own", own}}},
                       {"interfaces", interfaces},
                       {"sessions", QJsonObject{{"open", open}, {"saved", saved}, {"forcedMaxStreams", forced}}},
                       {"threads", meter.rows(stats.threads)},
                       {"lua", QJsonObject{{"errors", qint64(lua.liveErrors())},
                                           {"reloads", qint64(lua.reloads())},
                                           {"reloadFailures", qint64(lua.failures())},
                                           {"threadReloadFailures", threadReloadFailures}}}};
}

int finishLive(const engine::LiveStats &stats, const CaptureOptions &options, engine::RecordSink &sink,
               const LuaReloader &lua)
{
    bool failed = stats.sinkFailed || !stats.startupErrors.empty();
    for (const std::string &line : stats.startupErrors)
        fail("packet thread start-up failed, nothing was captured: " + line);
    for (const auto &i : stats.interfaces) {
        if (!i.error.empty())
            fail(i.error), failed = true;
    }
    if (stats.sinkFailed)
        fail("output: " + stats.sinkError);
    for (const std::string &line : lua.errorLines())
        fail(line);
    const std::string sinkLine = sinkCounters(sink);
    if (!sinkLine.empty() && options.statsFormat == "text")
        fail(sinkLine);
    if (options.statsFormat == "text")
        std::fprintf(stderr, "luacap capture: %s\n", interfaceLine(stats).c_str());
    else if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", interfaceJson(stats).c_str());
    return failed ? 1 : 0;
}

int runLive(QCoreApplication &app, CaptureOptions &options, const engine::FieldRegistry &registry,
            engine::RecordSink &sink, std::vector<std::unique_ptr<engine::LiveSource>> sources, LuaReloader &lua,
            const engine::ClassifierTable &classifiers)
{
    CaptureApi api(options.capture, sink);
    engine::LivePipeline pipeline(options.pipeline, registry, api.sink(), std::move(sources));
    std::string apiError;
    QElapsedTimer uptime;
    uptime.start();
    ThreadLoadMeter meter;
    const auto apiStats = [&pipeline, &uptime, &meter, &lua, &options] {
        QJsonObject o = statsObject(pipeline.stats(), uptime.elapsed() / 1000, meter, lua);
        if (options.pipeline.pcapStore)
            o.insert("pcap", pcapStoreStats(options.pipeline.pcapStore));
        return o;
    };
    if (options.pipeline.pcapStore)
        api.setSessionPackets(SessionPacketsSource(options.capture.pcap.dir, api.history(),
                                                   options.sink.kind == SinkSpec::Kind::Sqlite ? options.sink.path : ""));
    if (!api.start(apiStats, &apiError))
        return fail(apiError), 2;
    SignalPipe signalPipe;
    connectSignals(signalPipe, pipeline, &engine::LivePipeline::stop, lua, registry, classifiers);
    QTimer statsTimer;
    if (options.statsIntervalSec > 0) {
        QObject::connect(&statsTimer, &QTimer::timeout, &pipeline, [&pipeline] {
            std::fprintf(stderr, "luacap capture: %s\n", interfaceLine(pipeline.stats()).c_str());
        });
        statsTimer.start(options.statsIntervalSec * 1000);
    }
    QObject::connect(&pipeline, &engine::LivePipeline::finished, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    startPcapStore(options.pipeline.pcapStore);
    pipeline.start();
    std::fprintf(stderr, "luacap capture: capturing (SIGTERM or SIGINT to stop)\n");
    app.exec();
    pipeline.wait();
    const engine::LiveStats stats = pipeline.stats();
    if (!stats.sinkFailed)
        sink.flush();
    const int status = finishLive(stats, options, sink, lua);
    return finishPcapStore(options.pipeline.pcapStore, options.statsFormat) ? status : 1;
}

int runFiles(QCoreApplication &app, CaptureOptions &options, const engine::FieldRegistry &registry,
             engine::RecordSink &sink, LuaReloader &lua, const engine::ClassifierTable &classifiers)
{
    engine::ReplayPipeline pipeline(options.pipeline, registry, sink);
    QObject::connect(&pipeline, &engine::ReplayPipeline::finished, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    SignalPipe signalPipe;
    connectSignals(signalPipe, pipeline, &engine::ReplayPipeline::cancel, lua, registry, classifiers);
    pipeline.start(options.files);
    startPcapStore(options.pipeline.pcapStore);   // after start(): the reader's series exists
    app.exec();
    pipeline.wait();
    const engine::PipelineStats stats = pipeline.stats();
    if (!stats.sinkFailed)
        sink.flush();
    for (const std::string &line : stats.reader.errors)
        fail(line);
    if (stats.sinkFailed)
        fail("output: " + stats.sinkError);
    for (const std::string &line : lua.errorLines())
        fail(line);
    std::map<std::string, uint64_t> counters = lua.counters();
    for (const auto &w : stats.workers)
        counters["sessionsForcedMaxStreams"] += w.forcedMaxStreams;
    if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", statsJson(stats, 0, counters).c_str());
    else if (options.statsFormat == "text")
        std::fprintf(stderr, "%s\n", statsText(stats, 0, counters).c_str());
    const bool pcapOk = finishPcapStore(options.pipeline.pcapStore, options.statsFormat);
    const bool failed = stats.reader.filesFailed || stats.reader.filesCorrupt || stats.sinkFailed ||
                        !stats.startupErrors.empty() || !pcapOk;
    return failed ? 1 : 0;
}
} // namespace

int runCapture(QCoreApplication &app)
{
    CaptureOptions options;
    engine::FieldRegistry registry;
    const int parsed = parseCaptureOptions(QCoreApplication::arguments(), options, registry);
    if (parsed >= 0)
        return parsed;
    if (options.checkOnly)
        return checkConfig(options, registry);
    std::vector<std::unique_ptr<engine::LiveSource>> sources;
    if (options.files.empty() && !openSources(options.capture, sources))
        return 1;
    std::string error;
    if (!dropPrivileges(options.capture.dropUser, options.capture.dropGroup, &error))
        return fail(error), 1;
    engine::ClassifierTable classifiers;
    LuaReloader lua(options.luaFiles, luaapi::LuaLimits{});
    // Live, core.now() is the wall clock; reading files it stays the packet clock, as replay.
    luaapi::coreServices().wallClock = options.files.empty();
    if (!setUpObservers(options, registry, classifiers, lua.initial()))
        return 2;
    // Opened after the drop, so the files a sink creates belong to the capture user.
    std::unique_ptr<engine::RecordSink> sink = openSink(options.sink, options.output, &error);
    if (!sink)
        return fail("cannot open output " + error), 1;
    std::unique_ptr<engine::PcapStore> pcapStore;   // also after the drop: pcap files belong to the capture user
    if (!openPcapStore(options.capture.pcap, pcapStore, &error))
        return fail(error), 1;
    options.pipeline.pcapStore = pcapStore.get();
    if (!options.files.empty())
        return runFiles(app, options, registry, *sink, lua, classifiers);
    return runLive(app, options, registry, *sink, std::move(sources), lua, classifiers);
}

} // namespace luacap::app

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
#include "core/core_services.h"
#include "decode/packet_decoder.h"
#include "fields/field_registry.h"
#include "host/lua_runtime.h"
#include "parsers/builtin_parsers.h"
#include "parsers/register_parsers.h"
#include "privilege_drop.h"
#include "records/record_sink.h"
#include "run_stats.h"
#include "signal_pipe.h"

namespace luacap::app {

namespace {
void fail(const std::string &message)
{
    std::fprintf(stderr, "luacap capture: %s\n", message.c_str());
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
    options.pipeline.observers = [&classifiers, luaObservers](int thread) {
        std::vector<std::unique_ptr<engine::SessionObserver>> observers;
        if (classifiers.size() > 0)
            observers.push_back(std::make_unique<engine::BuiltinParsers>(classifiers));
        if (luaObservers) {
            for (auto &o : luaObservers(thread))
                observers.push_back(std::move(o));
        }
        return observers;
    };
    return true;
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

int checkConfig(CaptureOptions &options, engine::FieldRegistry &registry)
{
    std::string error;
    if (!checkDropTarget(options.capture.dropUser, options.capture.dropGroup, &error))
        return fail(error), 2;
    engine::ClassifierTable classifiers;
    luaapi::LuaRuntime lua(options.luaFiles, luaapi::LuaLimits{});
    if (!setUpObservers(options, registry, classifiers, lua))
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
    uint64_t sessions = 0;
    for (const auto &w : stats.workers)
        sessions += w.sessionsCreated;
    return json + "],\"sessions\":" + std::to_string(sessions) + ",\"records\":" +
           std::to_string(stats.recordsWritten) + "}";
}

// The live API's /stats answer (docs/live-api.md): totals, drops and one row per interface.
QJsonObject statsObject(const engine::LiveStats &stats, qint64 uptimeSeconds)
{
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
                       {"interfaces", interfaces}};
}

int finishLive(const engine::LiveStats &stats, const CaptureOptions &options, engine::RecordSink &sink,
               const luaapi::LuaRuntime &lua)
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
            engine::RecordSink &sink, std::vector<std::unique_ptr<engine::LiveSource>> sources,
            const luaapi::LuaRuntime &lua)
{
    CaptureApi api(options.capture, sink);
    engine::LivePipeline pipeline(options.pipeline, registry, api.sink(), std::move(sources));
    std::string apiError;
    QElapsedTimer uptime;
    uptime.start();
    if (!api.start([&pipeline, &uptime] { return statsObject(pipeline.stats(), uptime.elapsed() / 1000); }, &apiError))
        return fail(apiError), 2;
    SignalPipe signalPipe;
    QObject::connect(&signalPipe, &SignalPipe::terminateRequested, &pipeline, [&pipeline](int signal) {
        std::fprintf(stderr, "luacap capture: signal %d: saving open sessions and stopping\n", signal);
        pipeline.stop();
    });
    // Hook for issue 7's SIGHUP reload: the Lua host cannot rebuild its states between
    // batches yet, so the signal is only acknowledged (and no longer kills the daemon).
    QObject::connect(&signalPipe, &SignalPipe::reloadRequested, &pipeline, [] {
        std::fprintf(stderr, "luacap capture: SIGHUP: reloading Lua files is not supported yet; ignored\n");
    });
    QTimer statsTimer;
    if (options.statsIntervalSec > 0) {
        QObject::connect(&statsTimer, &QTimer::timeout, &pipeline, [&pipeline] {
            std::fprintf(stderr, "luacap capture: %s\n", interfaceLine(pipeline.stats()).c_str());
        });
        statsTimer.start(options.statsIntervalSec * 1000);
    }
    QObject::connect(&pipeline, &engine::LivePipeline::finished, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    pipeline.start();
    std::fprintf(stderr, "luacap capture: capturing (SIGTERM or SIGINT to stop)\n");
    app.exec();
    pipeline.wait();
    const engine::LiveStats stats = pipeline.stats();
    if (!stats.sinkFailed)
        sink.flush();
    return finishLive(stats, options, sink, lua);
}

int runFiles(QCoreApplication &app, CaptureOptions &options, const engine::FieldRegistry &registry,
             engine::RecordSink &sink, const luaapi::LuaRuntime &lua)
{
    engine::ReplayPipeline pipeline(options.pipeline, registry, sink);
    QObject::connect(&pipeline, &engine::ReplayPipeline::finished, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    pipeline.start(options.files);
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
    if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", statsJson(stats, 0, lua.counters()).c_str());
    else if (options.statsFormat == "text")
        std::fprintf(stderr, "%s\n", statsText(stats, 0, lua.counters()).c_str());
    const bool failed = stats.reader.filesFailed || stats.reader.filesCorrupt || stats.sinkFailed ||
                        !stats.startupErrors.empty();
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
    luaapi::LuaRuntime lua(options.luaFiles, luaapi::LuaLimits{});
    // Live, core.now() is the wall clock; reading files it stays the packet clock, as replay.
    luaapi::coreServices().wallClock = options.files.empty();
    if (!setUpObservers(options, registry, classifiers, lua))
        return 2;
    // Opened after the drop, so the files a sink creates belong to the capture user.
    std::unique_ptr<engine::RecordSink> sink = openSink(options.sink, options.output, &error);
    if (!sink)
        return fail("cannot open output " + error), 1;
    if (!options.files.empty())
        return runFiles(app, options, registry, *sink, lua);
    return runLive(app, options, registry, *sink, std::move(sources), lua);
}

} // namespace luacap::app

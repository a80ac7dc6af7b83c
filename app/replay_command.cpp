// `luacap replay` (main thread): parse options, build the pipeline, run the event loop until
// the writer finished, print the stats line.
#include "replay_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <cstdio>

#include "dispatch/replay_pipeline.h"
#include "fields/field_registry.h"
#include "host/lua_runtime.h"
#include "parsers/builtin_parsers.h"
#include "parsers/register_parsers.h"
#include "replay_options.h"
#include "run_stats.h"
#include "sink_spec.h"

namespace luacap::app {

namespace {
void printErrors(const engine::PipelineStats &stats)
{
    for (const std::string &line : stats.startupErrors)
        std::fprintf(stderr, "luacap: packet thread start-up failed, nothing was read: %s\n", line.c_str());
    for (const std::string &line : stats.reader.errors)
        std::fprintf(stderr, "luacap: %s\n", line.c_str());
    if (stats.sinkFailed)
        std::fprintf(stderr, "luacap: output: %s\n", stats.sinkError.c_str());
}

int exitCode(const engine::PipelineStats &stats)
{
    const bool failed = stats.reader.filesFailed || stats.reader.filesCorrupt || stats.sinkFailed ||
                        !stats.startupErrors.empty();
    return failed ? 1 : 0;
}
} // namespace

int runReplay(QCoreApplication &app)
{
    ReplayOptions options;
    engine::FieldRegistry registry;
    const int parsed = parseReplayOptions(QCoreApplication::arguments(), options, registry);
    if (parsed >= 0)
        return parsed;

    engine::ClassifierTable classifiers;
    std::string error;
    if (!engine::registerBuiltinParsers(options.parsers, registry, classifiers, &error)) {
        std::fprintf(stderr, "luacap: parsers: %s\n", error.c_str());
        return 2;
    }
    luaapi::LuaRuntime lua(options.luaFiles, luaapi::LuaLimits{});
    engine::ObserverFactory luaObservers;
    if (!options.luaFiles.empty()) {
        if (!lua.loadMain(registry, &error)) {
            std::fprintf(stderr, "luacap: lua: %s\n", error.c_str());
            return 2;
        }
        luaObservers = lua.factory(registry);
    }
    // Built-in parsers first, so Lua sees the protocols and fields they add.
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

    std::unique_ptr<engine::RecordSink> sinkHolder = openSink(options.sink, options.output, &error);
    if (!sinkHolder) {
        std::fprintf(stderr, "luacap: cannot open output %s\n", error.c_str());
        return 1;
    }
    engine::RecordSink &sink = *sinkHolder;
    QElapsedTimer timer;
    timer.start();
    engine::ReplayPipeline pipeline(options.pipeline, registry, sink);
    QObject::connect(&pipeline, &engine::ReplayPipeline::finished, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    pipeline.start(options.files);
    app.exec();
    pipeline.wait();
    // The writer thread flushed already; a failed flush is not worth waiting for twice.
    const engine::PipelineStats stats = pipeline.stats();
    if (!stats.sinkFailed)
        sink.flush();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    printErrors(stats);
    for (const std::string &line : lua.errorLines())
        std::fprintf(stderr, "luacap: %s\n", line.c_str());
    const std::string sinkLine = sinkCounters(sink);
    if (!sinkLine.empty() && options.statsFormat == "text")   // --stats json keeps one JSON line
        std::fprintf(stderr, "luacap: %s\n", sinkLine.c_str());
    const ExtraCounters extra = options.luaFiles.empty() ? ExtraCounters{} : lua.counters();
    if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", statsJson(stats, seconds, extra).c_str());
    else if (options.statsFormat == "text")
        std::fprintf(stderr, "%s\n", statsText(stats, seconds, extra).c_str());
    return exitCode(stats);
}

} // namespace luacap::app

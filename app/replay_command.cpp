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
#include "records/json_lines_sink.h"
#include "replay_options.h"
#include "run_stats.h"

namespace luacap::app {

namespace {
void printErrors(const engine::PipelineStats &stats)
{
    for (const std::string &line : stats.reader.errors)
        std::fprintf(stderr, "luacap: %s\n", line.c_str());
    if (stats.sinkFailed)
        std::fprintf(stderr, "luacap: output: %s\n", stats.sinkError.c_str());
}

int exitCode(const engine::PipelineStats &stats)
{
    const bool failed = stats.reader.filesFailed || stats.reader.filesCorrupt || stats.sinkFailed;
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

    luaapi::LuaRuntime lua(options.luaFiles, luaapi::LuaLimits{});
    if (!options.luaFiles.empty()) {
        std::string error;
        if (!lua.loadMain(registry, &error)) {
            std::fprintf(stderr, "luacap: lua: %s\n", error.c_str());
            return 2;
        }
        options.pipeline.observers = lua.factory(registry);
    }

    engine::JsonLinesSink sink;
    if (!sink.open(options.output)) {
        std::fprintf(stderr, "luacap: cannot open output %s\n", sink.error().c_str());
        return 1;
    }
    QElapsedTimer timer;
    timer.start();
    engine::ReplayPipeline pipeline(options.pipeline, registry, sink);
    QObject::connect(&pipeline, &engine::ReplayPipeline::finished, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    pipeline.start(options.files);
    app.exec();
    pipeline.wait();
    sink.flush();

    const engine::PipelineStats stats = pipeline.stats();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    printErrors(stats);
    for (const std::string &line : lua.errorLines())
        std::fprintf(stderr, "luacap: %s\n", line.c_str());
    if (!lua.fatal().empty()) {
        std::fprintf(stderr, "luacap: lua: %s\n", lua.fatal().c_str());
        return 1;
    }
    if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", statsJson(stats, seconds).c_str());
    else if (options.statsFormat == "text")
        std::fprintf(stderr, "%s\n", statsText(stats, seconds).c_str());
    return exitCode(stats);
}

} // namespace luacap::app

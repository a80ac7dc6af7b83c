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
#include "replay_options.h"
#include "replay_run.h"
#include "replay_watcher.h"
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

int replayOnce(const ReplayOptions &options, engine::FieldRegistry &registry)
{
    luaapi::LuaLimits limits;
    if (options.traceLua)
        limits.trace = stderr;
    ReplayRun run(options, registry, limits);
    std::string error;
    if (!run.prepare(&error)) {
        std::fprintf(stderr, "luacap: %s\n", error.c_str());
        return 2;
    }
    std::unique_ptr<engine::RecordSink> sinkHolder = openSink(options.sink, options.output, &error);
    if (!sinkHolder) {
        std::fprintf(stderr, "luacap: cannot open output %s\n", error.c_str());
        return 1;
    }
    engine::RecordSink &sink = *sinkHolder;
    QElapsedTimer timer;
    timer.start();
    const engine::PipelineStats stats = run.run(sink, true);
    // The writer thread flushed already; a failed flush is not worth waiting for twice.
    if (!stats.sinkFailed)
        sink.flush();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    if (options.tree)
        std::fputs(run.treeText().c_str(), stdout);
    printErrors(stats);
    for (const std::string &line : run.luaErrorLines())   // detail lines come indented, unprefixed
        std::fprintf(stderr, line.rfind("    ", 0) == 0 ? "%s\n" : "luacap: %s\n", line.c_str());
    const std::string sinkLine = sinkCounters(sink);
    if (!sinkLine.empty() && options.statsFormat == "text")   // --stats json keeps one JSON line
        std::fprintf(stderr, "luacap: %s\n", sinkLine.c_str());
    if (options.statsFormat == "json")
        std::fprintf(stderr, "%s\n", statsJson(stats, seconds, run.counters()).c_str());
    else if (options.statsFormat == "text")
        std::fprintf(stderr, "%s\n", statsText(stats, seconds, run.counters()).c_str());
    return exitCode(stats);
}

int runReplay(QCoreApplication &app)
{
    ReplayOptions options;
    engine::FieldRegistry registry;
    const int parsed = parseReplayOptions(QCoreApplication::arguments(), options, registry);
    if (parsed >= 0)
        return parsed;
    if (options.watch) {
        ReplayWatcher watcher(QCoreApplication::arguments());
        return watcher.exec(app);
    }
    return replayOnce(options, registry);
}

} // namespace luacap::app

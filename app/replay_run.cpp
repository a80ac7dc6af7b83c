// ReplayRun implementation (the thread that runs the replay: main thread or a test pool thread).
#include "replay_run.h"

#include <QEventLoop>

#include "discard_sink.h"
#include "dispatch/replay_pipeline.h"
#include "fields/field_registry.h"
#include "parsers/register_parsers.h"
#include "wslua/two_pass_observers.h"

namespace luacap::app {

ReplayRun::ReplayRun(const ReplayOptions &options, engine::FieldRegistry &registry, const luaapi::LuaLimits &lua)
    : options_(options), registry_(registry), lua_(options.luaFiles, lua)
{
}

bool ReplayRun::prepare(std::string *error)
{
    if (!engine::registerBuiltinParsers(options_.parsers, registry_, classifiers_, error)) {
        *error = "parsers: " + *error;
        return false;
    }
    if (options_.luaFiles.empty())
        return true;
    lua_.setWsluaOptions({options_.luaPrefs, options_.tree ? &tree_ : nullptr,
                          classifiers_.size() > 0 ? &classifiers_ : nullptr});
    if (!lua_.loadMain(registry_, error)) {
        *error = "lua: " + *error;
        return false;
    }
    luaObservers_ = lua_.factory(registry_);
    return true;
}

engine::PipelineStats ReplayRun::run(engine::RecordSink &sink, bool eventLoop)
{
    if (!options_.twoPass || !luaObservers_)
        return runPass(luaObservers_, sink, eventLoop, true);
    // tshark -2: pass one dissects (built-in parsers too, so the Lua sees their fields) but
    // writes nothing; records and packets come from pass two.
    luaapi::wslua::TwoPassObservers passes(luaObservers_, options_.pipeline.packetThreads);
    DiscardSink discard;
    const engine::PipelineStats first = runPass(passes.firstPass(), discard, eventLoop, false);
    if (!first.startupErrors.empty())
        return first;
    return runPass(passes.secondPass(), sink, eventLoop, true);
}

engine::PipelineStats ReplayRun::runPass(const engine::ObserverFactory &lua, engine::RecordSink &sink,
                                         bool eventLoop, bool final)
{
    engine::PipelineConfig config = options_.pipeline;
    if (!final)
        config.pcapStore = nullptr;
    // Built-in parsers first, so Lua sees the protocols and fields they add.
    config.observers = [this, &lua](int thread) {
        std::vector<std::unique_ptr<engine::SessionObserver>> observers;
        if (classifiers_.size() > 0)
            observers.push_back(std::make_unique<engine::BuiltinParsers>(classifiers_));
        if (lua) {
            for (auto &o : lua(thread))
                observers.push_back(std::move(o));
        }
        return observers;
    };
    engine::ReplayPipeline pipeline(config, registry_, sink);
    QEventLoop loop;
    QObject::connect(&pipeline, &engine::ReplayPipeline::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    pipeline.start(options_.files);
    if (eventLoop)
        loop.exec();
    pipeline.wait();
    return pipeline.stats();
}

std::vector<std::string> ReplayRun::luaErrorLines() const
{
    return lua_.errorLinesWithDetails();
}

ExtraCounters ReplayRun::counters() const
{
    return options_.luaFiles.empty() ? ExtraCounters{} : lua_.counters();
}

} // namespace luacap::app

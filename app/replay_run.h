// ReplayRun: one replay of ReplayOptions through the engine (built-in parsers, Lua, pipeline,
// sink), shared by `luacap replay` (waiting in the main event loop) and `luacap test`
// (blocking, one run per case on a pool thread). Used on the thread that created it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "host/lua_runtime.h"
#include "parsers/builtin_parsers.h"
#include "replay_options.h"
#include "run_stats.h"

namespace luacap::app {

class ReplayRun {
public:
    ReplayRun(const ReplayOptions &options, engine::FieldRegistry &registry, const luaapi::LuaLimits &lua);

    // Registers the built-in parsers and loads the Lua files once; false with *error
    // ("parsers: ..." or "lua: FILE:LINE: ...").
    bool prepare(std::string *error);
    // Replays every file into sink. eventLoop: wait in a local event loop, so the thread's
    // other work (the ClickHouse sink's HTTP) goes on; otherwise block (pool threads).
    engine::PipelineStats run(engine::RecordSink &sink, bool eventLoop);

    // After run(): Lua error lines, each followed by its indented detail lines.
    std::vector<std::string> luaErrorLines() const;
    ExtraCounters counters() const;
    // After run(), with --tree: the Lua dissectors' packet trees in frame order.
    std::string treeText() const { return tree_.text(); }

private:
    // One pass over the files; final: the pass whose packets go to the pcap store.
    engine::PipelineStats runPass(const engine::ObserverFactory &lua, engine::RecordSink &sink, bool eventLoop,
                                  bool final);

    const ReplayOptions &options_;
    engine::FieldRegistry &registry_;
    engine::ClassifierTable classifiers_;
    luaapi::wslua::TreeOutput tree_;   // --tree: the packet threads' trees
    luaapi::LuaRuntime lua_;
    engine::ObserverFactory luaObservers_;
};

} // namespace luacap::app

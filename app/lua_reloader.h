// LuaReloader: the capture daemon's Lua across SIGHUP reloads (main thread). It owns every
// LuaRuntime loaded during the run: the current one, and the ones a reload replaced, which
// stay alive (tasks stopped) until the packet threads ended, since their states keep serving
// the sessions that were open at the reload (docs/deployment.md, "Reloading Lua").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/lua_runtime.h"
#include "plugin/session_observer.h"

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::app {

class LuaReloader {
public:
    LuaReloader(std::vector<std::string> files, luaapi::LuaLimits limits);
    ~LuaReloader();

    bool enabled() const { return !files_.empty(); }
    // The runtime of the start-up load (loadMain with the real registry, before the threads).
    luaapi::LuaRuntime &initial() { return *runtimes_.front().runtime; }

    // Loads the files again into a fresh main-thread state. On success retires the current
    // runtime and returns the new packet-thread factory; on failure (a load error with
    // file:line, or a script defining a field the running registry lacks) returns an empty
    // factory with *error set, counts the failure, and the running scripts stay.
    engine::ObserverFactory reload(const engine::FieldRegistry &registry, std::string *error);

    uint64_t reloads() const { return reloads_; }
    uint64_t failures() const { return failures_; }
    // Callback errors so far over every runtime (any time, read by the live API).
    uint64_t liveErrors() const;
    // After the packet threads ended: every runtime's error lines, merged and sorted, and
    // the counters of the final stats (luaErrors summed over the runtimes).
    std::vector<std::string> errorLines() const;
    std::map<std::string, uint64_t> counters() const;

private:
    struct Loaded {
        std::unique_ptr<engine::FieldRegistry> scratch;   // a reload's load pass defines into a copy
        std::unique_ptr<luaapi::LuaRuntime> runtime;
    };

    std::vector<std::string> files_;
    luaapi::LuaLimits limits_;
    std::vector<Loaded> runtimes_;
    uint64_t reloads_ = 0;
    uint64_t failures_ = 0;
};

} // namespace luacap::app

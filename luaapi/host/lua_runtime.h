// LuaRuntime: Lua for one run. The main thread loads every file once (errors stop start-up
// with file:line: message, Lua-defined fields enter the registry), then each packet thread
// builds its own state from the same files through the observer factory (a state that fails
// or registers differently makes its packet thread refuse to start).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/task_runner.h"
#include "host/lua_source.h"
#include "host/error_log.h"
#include "host/lua_host.h"
#include "host/registrations.h"
#include "plugin/session_observer.h"
#include "wslua/wslua_options.h"

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::luaapi {

class LuaRuntime {
public:
    LuaRuntime(std::vector<std::string> files, LuaLimits limits) : files_(std::move(files)), limits_(limits) {}

    // Main thread, before packet threads start. False with the first error in *error.
    bool loadMain(engine::FieldRegistry &fields, std::string *error);
    // Builds each packet thread's LuaSessionObserver; the registry must not change afterwards.
    engine::ObserverFactory factory(const engine::FieldRegistry &fields);

    // After the packet threads ended: deduplicated error lines and the run's counters
    // ("luaErrors": calls that failed), for the final stats line.
    std::vector<std::string> errorLines() const { return errors_.lines(); }
    // The same, each followed by its detail lines (session, traceback) indented by 4 spaces.
    std::vector<std::string> errorLinesWithDetails() const { return errors_.linesWithDetails(); }
    uint64_t errorCount() const { return errors_.total(); }
    // Any thread, while the packet threads run: callback errors so far (live API).
    uint64_t liveErrorCount() const { return liveErrors_.load(std::memory_order_relaxed); }
    std::atomic<uint64_t> &liveErrors() { return liveErrors_; }
    // Main thread: a reload replaced this runtime: its tasks stop (its packet-thread states
    // keep serving the sessions they already had).
    void retire() { tasks_.reset(); }
    // plus the HTTP services' counters (httpRequests, ...) once a script used one.
    std::map<std::string, uint64_t> counters() const;

    // Called by packet threads.
    const std::vector<std::string> &files() const { return files_; }
    // The scripts' bytes as loadMain read them: every packet thread's state loads these, so
    // a file edited while the daemon starts cannot give the threads different scripts.
    const std::vector<LuaSource> &sources() const { return sources_; }
    const LuaLimits &limits() const { return limits_; }
    const Registrations &registrations() const { return registrations_; }
    void mergeErrors(const ErrorLog &log) { errors_.merge(log); }
    // Wireshark-style dissectors: -o preferences and --tree, set before loadMain.
    void setWsluaOptions(wslua::WsluaOptions options) { wslua_ = std::move(options); }
    const wslua::WsluaOptions &wsluaOptions() const { return wslua_; }

private:
    std::vector<std::string> files_;
    std::vector<LuaSource> sources_;
    LuaLimits limits_;
    Registrations registrations_;
    ErrorLog errors_;
    wslua::WsluaOptions wslua_;
    std::unique_ptr<LuaHost> main_;       // the main thread's state: init functions and tasks
    std::unique_ptr<TaskRunner> tasks_;   // destroyed first: stops the tasks
    bool wsluaActive_ = false;   // some Lua dissector registered: packet threads run one
    std::atomic<uint64_t> liveErrors_{0};
};

} // namespace luacap::luaapi

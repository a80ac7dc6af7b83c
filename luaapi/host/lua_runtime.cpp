// LuaRuntime implementation: loadMain on the main thread, the factory's lambda on packet threads.
#include "host/lua_runtime.h"

#include "arkime/http_service_counters.h"
#include "arkime/lua_session_observer.h"
#include "core/core_services.h"
#include "core/core_startup.h"
#include "shared_maps/quiescent_observer.h"
#include "fields/field_registry.h"
#include "wslua/wslua_library.h"
#include "wslua/wslua_session_observer.h"

#include <optional>
#include <stdexcept>

namespace luacap::luaapi {

bool LuaRuntime::loadMain(engine::FieldRegistry &fields, std::string *error)
{
    main_ = std::make_unique<LuaHost>(limits_, fields, &fields);   // kept: init and tasks run in it
    LuaHost &host = *main_;
    sources_.clear();
    for (const std::string &file : files_) {
        std::optional<LuaSource> source = readLuaSource(file);
        if (!source) {
            if (host.loadFile(file, error))   // fails the same way, with Lua's message
                *error = "cannot read " + file;
            return false;
        }
        if (!host.loadSource(*source, error)) {
            wslua::explainLoadError(*error);
            return false;
        }
        sources_.push_back(std::move(*source));
    }
    if (!wslua::prepareWslua(host, wslua_, error))
        return false;
    wsluaActive_ = wslua::wsluaActive(host);
    registrations_ = host.registrations();
    CoreStart core = startCore(host, errors_, error);
    tasks_ = std::move(core.tasks);
    return core.ok;
}

engine::ObserverFactory LuaRuntime::factory(const engine::FieldRegistry &fields)
{
    return [this, &fields](int thread) {
        std::vector<std::unique_ptr<engine::SessionObserver>> out;
        // First, so the scripts' top level already reads shared maps as a registered reader.
        out.push_back(std::make_unique<engine::QuiescentObserver>(coreServices().maps.readers(),
                                                                  coreServices().inputClock));
        auto arkime = std::make_unique<LuaSessionObserver>(*this, fields, thread);
        std::unique_ptr<wslua::WsluaSessionObserver> dissectors;
        if (wsluaActive_) {
            std::string error;
            if (!wslua::prepareWslua(arkime->host(), wslua_, &error))
                throw std::runtime_error("packet thread " + std::to_string(thread) + ": " + error);
            dissectors = std::make_unique<wslua::WsluaSessionObserver>(arkime->host(), wslua_);
        }
        // The Arkime observer owns the host; the dissectors' observer never touches it when destroyed.
        out.push_back(std::move(arkime));
        if (dissectors)
            out.push_back(std::move(dissectors));
        return out;
    };
}

std::map<std::string, uint64_t> LuaRuntime::counters() const
{
    std::map<std::string, uint64_t> out = HttpServiceCounters::instance().snapshot();
    out["luaErrors"] = errorCount();
    return out;
}

} // namespace luacap::luaapi

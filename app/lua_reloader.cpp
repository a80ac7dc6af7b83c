// LuaReloader implementation (main thread): a reload loads into a copy of the field registry,
// so the registry the packet threads read never changes while they run.
#include "lua_reloader.h"

#include <algorithm>

#include "fields/field_registry.h"

namespace luacap::app {

LuaReloader::LuaReloader(std::vector<std::string> files, luaapi::LuaLimits limits)
    : files_(std::move(files)), limits_(limits)
{
    runtimes_.push_back(Loaded{nullptr, std::make_unique<luaapi::LuaRuntime>(files_, limits_)});
}

LuaReloader::~LuaReloader() = default;

engine::ObserverFactory LuaReloader::reload(const engine::FieldRegistry &registry, std::string *error)
{
    Loaded next{std::make_unique<engine::FieldRegistry>(registry),
                std::make_unique<luaapi::LuaRuntime>(files_, limits_)};
    bool ok = next.runtime->loadMain(*next.scratch, error);
    if (ok && next.scratch->size() != registry.size()) {
        *error = "the scripts define fields the running daemon does not have (" +
                 next.scratch->get(int(registry.size())).expression + "): restart luacap to add fields";
        ok = false;
    }
    if (!ok) {
        ++failures_;   // no packet thread saw it: it goes now, its tasks with it
        return {};
    }
    runtimes_.back().runtime->retire();
    engine::ObserverFactory factory = next.runtime->factory(registry);
    runtimes_.push_back(std::move(next));
    ++reloads_;
    return factory;
}

uint64_t LuaReloader::liveErrors() const
{
    uint64_t n = 0;
    for (const Loaded &l : runtimes_)
        n += l.runtime->liveErrorCount();
    return n;
}

std::vector<std::string> LuaReloader::errorLines() const
{
    std::vector<std::string> lines;
    for (const Loaded &l : runtimes_) {
        for (std::string &line : l.runtime->errorLines())
            lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::map<std::string, uint64_t> LuaReloader::counters() const
{
    std::map<std::string, uint64_t> out = runtimes_.back().runtime->counters();
    uint64_t errors = 0;
    for (const Loaded &l : runtimes_)
        errors += l.runtime->errorCount();
    out["luaErrors"] = errors;
    return out;
}

} // namespace luacap::app

// LuaRuntime implementation: loadMain on the main thread, the factory's lambda on packet threads.
#include "host/lua_runtime.h"

#include "arkime/lua_session_observer.h"
#include "fields/field_registry.h"

namespace luacap::luaapi {

bool LuaRuntime::loadMain(engine::FieldRegistry &fields, std::string *error)
{
    LuaHost host(limits_, fields, &fields);
    for (const std::string &file : files_) {
        if (!host.loadFile(file, error))
            return false;
    }
    registrations_ = host.registrations();
    return true;
}

engine::ObserverFactory LuaRuntime::factory(const engine::FieldRegistry &fields)
{
    return [this, &fields](int thread) {
        std::vector<std::unique_ptr<engine::SessionObserver>> out;
        out.push_back(std::make_unique<LuaSessionObserver>(*this, fields, thread));
        return out;
    };
}

} // namespace luacap::luaapi

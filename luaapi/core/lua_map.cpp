// Map binding (the thread of the state that calls it). A packet thread is a registered
// reader and looks up without a lock; the main thread (init, tasks) writes the maps itself,
// so it looks up through the store's lock, after publishing its own pending changes.
#include "core/lua_map.h"

#include <sys/stat.h>

#include <string>

#include "core/core_class.h"
#include "core/core_context.h"
#include "core/core_services.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

extern const char kMapMeta[];
const char kMapMeta[] = "luacap.Map";

namespace {
struct LuaMap {
    engine::SharedMap *map;
};

bool isFile(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

int mapNew(lua_State *L)
{
    requireContext(L, "Map.new", LuaContext::Body | LuaContext::Init);
    const std::string name(checkStringView(L, 1));
    const std::string method(luaL_optstring(L, 2, "str"));
    const auto kind = engine::parseMatchKind(method);
    if (!kind)
        return luaL_error(L, "Map.new: unknown match method '%s' (str, beg, end, sub, dom, ip)", method.c_str());
    engine::SharedMapStore &store = coreServices().maps;
    if (!store.contains(name) && isFile(name)) {
        std::string error;
        if (!store.loadFile(name, name, &error))
            return luaL_error(L, "Map.new: %s", error.c_str());
    }
    auto *self = static_cast<LuaMap *>(lua_newuserdata(L, sizeof(LuaMap)));
    self->map = &store.open(name, *kind);
    luaL_setmetatable(L, kMapMeta);
    return 1;
}

// Pushes the value, or nil / fallback when nothing matches.
int lookupInto(lua_State *L, const char *fallback)
{
    const LuaMap *self = checkSelf<LuaMap, kMapMeta>(L);
    const std::string_view input = checkStringView(L, 2);
    engine::SharedMapStore &store = coreServices().maps;
    if (store.readers().currentThreadRegistered()) {
        const std::string *value = self->map->lookup(input);
        value ? lua_pushlstring(L, value->data(), value->size()) : lua_pushstring(L, fallback);
        return 1;
    }
    const auto value = store.lookupLocked(*self->map, input);
    value ? lua_pushlstring(L, value->data(), value->size()) : lua_pushstring(L, fallback);
    return 1;
}

int mapLookup(lua_State *L) { return lookupInto(L, nullptr); }
int mapSlookup(lua_State *L) { return lookupInto(L, ""); }

int mapToString(lua_State *L)
{
    const LuaMap *self = checkSelf<LuaMap, kMapMeta>(L);
    lua_pushfstring(L, "Map(%s, %s)", self->map->name().c_str(), engine::matchKindName(self->map->kind()));
    return 1;
}

const luaL_Reg kMethods[] = {
    {"lookup", &guarded<mapLookup>},
    {"slookup", &guarded<mapSlookup>},
    {nullptr, nullptr},
};
} // namespace

void registerLuaMap(lua_State *L)
{
    defineClass(L, kMapMeta, kMethods, "__tostring", &guarded<mapToString>);
    lua_createtable(L, 0, 8);
    lua_pushcfunction(L, &guarded<mapNew>);
    lua_setfield(L, -2, "new");
    for (const char *method : {"str", "beg", "end", "sub", "dom", "ip"}) {
        lua_pushstring(L, method);
        lua_setfield(L, -2, (std::string("_") + method).c_str());
    }
    lua_setglobal(L, "Map");
}

} // namespace luacap::luaapi

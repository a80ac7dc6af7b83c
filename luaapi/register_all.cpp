// The explicit list of Lua libraries every state gets (called by LuaHost on its thread).
#include "register_all.h"

#include <algorithm>

#include "arkime/arkime_data.h"
#include "arkime/arkime_fields.h"
#include "arkime/arkime_http_service.h"
#include "arkime/arkime_session.h"
#include "core/core_library.h"
#include "wslua/wslua_library.h"

namespace luacap::luaapi {

void registerAll(lua_State *L)
{
    registerArkimeFields(L);
    registerArkimeSession(L);
    registerArkimeData(L);
    registerArkimeHttpService(L);
    wslua::registerWslua(L);
    registerCore(L);
}

namespace {
void collect(lua_State *L, const char *prefix, char sep, std::vector<std::string> &out)
{
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION)
            out.push_back(std::string(prefix) + sep + lua_tostring(L, -2));
        lua_pop(L, 1);
    }
}
} // namespace

std::vector<std::string> registeredNames(lua_State *L)
{
    std::vector<std::string> out;
    for (const char *global : {"Arkime", "ArkimeSession", "ArkimeData", "ArkimeHttpService", "core", "Map", "Channel"}) {
        lua_getglobal(L, global);
        collect(L, global, '.', out);
        lua_pop(L, 1);
    }
    // Methods from the metatables themselves, so a method added without a doc entry fails.
    const std::pair<const char *, const char *> methodTables[] = {
        {"luacap.ArkimeData", "__index"}, {"luacap.ArkimeSession", "__methods"},
        {"luacap.ArkimeHttpService", "__index"}, {"luacap.Map", "__index"}, {"luacap.Socket", "__index"},
        {"luacap.Channel", "__index"}};
    for (const auto &[meta, field] : methodTables) {
        luaL_getmetatable(L, meta);
        lua_getfield(L, -1, field);
        const std::string name = std::string(meta).substr(std::string("luacap.").size());
        collect(L, name.c_str(), ':', out);
        lua_pop(L, 2);
    }
    luaL_getmetatable(L, "luacap.ArkimeSession");
    lua_getfield(L, -1, "__properties");
    for (int i = 1; lua_rawgeti(L, -1, i), !lua_isnil(L, -1); ++i) {
        out.push_back(std::string("ArkimeSession.") + lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace luacap::luaapi

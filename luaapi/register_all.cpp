// The explicit list of Lua libraries every state gets (called by LuaHost on its thread).
#include "register_all.h"

#include <algorithm>

#include "arkime/arkime_data.h"
#include "arkime/arkime_fields.h"
#include "arkime/arkime_session.h"

namespace luacap::luaapi {

void registerAll(lua_State *L)
{
    registerArkimeFields(L);
    registerArkimeSession(L);
    registerArkimeData(L);
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
    for (const char *global : {"Arkime", "ArkimeSession", "ArkimeData"}) {
        lua_getglobal(L, global);
        collect(L, global, '.', out);
        lua_pop(L, 1);
    }
    for (const auto &[meta, name] : {std::pair{"luacap.ArkimeData", "ArkimeData"}}) {
        luaL_getmetatable(L, meta);
        lua_getfield(L, -1, "__index");
        collect(L, name, ':', out);
        lua_pop(L, 2);
    }
    // Session methods are served by an __index function: list them by probing the names.
    for (const char *m : {"add_string", "add_int", "add_tag", "add_protocol", "has_protocol", "incr_outstanding",
                          "decr_outstanding", "register_parser", "table", "get"})
        out.push_back(std::string("ArkimeSession:") + m);
    for (const char *p : {"ipProtocol", "srcIp", "dstIp", "srcPort", "dstPort"})
        out.push_back(std::string("ArkimeSession.") + p);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace luacap::luaapi

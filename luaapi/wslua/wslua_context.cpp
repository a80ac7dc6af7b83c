// WsluaContext implementation (the state's thread).
#include "wslua/wslua_context.h"

#include <new>

namespace luacap::luaapi::wslua {

namespace {
const char kContextKey = 0;   // its address is the registry key of the context userdata

int destroy(lua_State *L)
{
    static_cast<WsluaContext *>(lua_touserdata(L, 1))->~WsluaContext();
    return 0;
}
} // namespace

WsluaContext &WsluaContext::install(lua_State *L)
{
    auto *ctx = new (lua_newuserdata(L, sizeof(WsluaContext))) WsluaContext();
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &destroy);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kContextKey);
    return *ctx;
}

WsluaContext &WsluaContext::from(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kContextKey);
    auto *ctx = static_cast<WsluaContext *>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    return *ctx;
}

WsProto *WsluaContext::protoByName(const std::string &name)
{
    for (auto &p : protos)
        if (p->name == name || p->filterName == name)
            return p.get();
    return nullptr;
}

std::unordered_map<uint32_t, int> *WsluaContext::portTable(const std::string &name)
{
    if (name == "tcp.port")
        return &tcpPorts;
    if (name == "udp.port")
        return &udpPorts;
    return nullptr;
}

bool WsluaContext::anyDissector() const
{
    return !tcpPorts.empty() || !udpPorts.empty() || !heuristics.empty() || !postDissectors.empty();
}

} // namespace luacap::luaapi::wslua

// Proto binding (the state's thread; protos are made while scripts load).
#include "wslua/proto.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "wslua/pref_table.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kProtoMeta[] = "luacap.Proto";

WsProto *toProto(lua_State *L, int idx)
{
    auto *ud = static_cast<ProtoUd *>(testUdata(L, idx, kProtoMeta));
    return ud ? WsluaContext::from(L).protos[size_t(ud->index)].get() : nullptr;
}

WsProto &checkProto(lua_State *L, int idx)
{
    return checkProto(L, idx, WsluaContext::from(L));
}

WsProto &checkProto(lua_State *L, int idx, WsluaContext &ctx)
{
    // Every conversation call checks a Proto: its address (which self pins) names it without
    // the metatable comparison. The size check keeps the read of index inside the block.
    const auto *ud = static_cast<const ProtoUd *>(lua_touserdata(L, idx));   // full or light, or null
    if (ud && !(reinterpret_cast<uintptr_t>(ud) & kLightHandleTag) && lua_rawlen(L, idx) == sizeof(ProtoUd) &&
        size_t(ud->index) < ctx.protos.size() && ctx.protos[size_t(ud->index)]->userdata == ud)
        return *ctx.protos[size_t(ud->index)];
    const auto *checked = static_cast<ProtoUd *>(checkUdata(L, idx, kProtoMeta));
    return *ctx.protos[size_t(checked->index)];
}

namespace {
// Proto(name, desc) and Proto.new(name, desc).
int create(lua_State *L, WsluaContext &ctx)
{
    const int base = lua_istable(L, 1) ? 2 : 1;   // Proto(...) comes through __call
    const std::string name = luaL_checkstring(L, base);
    const std::string desc = luaL_checkstring(L, base + 1);
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    for (const auto &p : ctx.protos)
        if (p->filterName == lower)
            return luaL_error(L, "Proto new: there cannot be two protocols with the same name");
    auto proto = std::make_unique<WsProto>();
    proto->index = int(ctx.protos.size());
    proto->name = name;
    proto->filterName = lower;
    proto->description = desc;
    proto->dissectorLabel = name + ".dissector";
    proto->heuristicLabel = name + ".heuristic";
    lua_newtable(L);
    proto->prefValues = LuaRef::pop(L);
    auto *ud = static_cast<ProtoUd *>(lua_newuserdata(L, sizeof(ProtoUd)));
    ud->index = proto->index;
    proto->userdata = ud;
    setMeta(L, kProtoMeta);
    lua_pushvalue(L, -1);
    proto->self = LuaRef::pop(L);
    ctx.protos.push_back(std::move(proto));
    return 1;
}

int registerHeuristic(lua_State *L, WsluaContext &ctx)
{
    WsProto &p = checkProto(L, 1);
    const std::string list = luaL_checkstring(L, 2);
    luaL_checktype(L, 3, LUA_TFUNCTION);
    const int transport = list == "tcp" ? 6 : list == "udp" ? 17 : 0;
    if (!transport)
        return luaL_error(L, "Proto_register_heuristic: no such heuristic list '%s' (luacap has tcp and udp)",
                          list.c_str());
    lua_pushvalue(L, 3);
    ctx.heuristics.push_back(Heuristic{transport, p.index, LuaRef::pop(L)});
    return 0;
}

void pushRef(lua_State *L, const LuaRef &ref)
{
    if (ref.valid())
        ref.push();
    else
        lua_pushnil(L);
}

int index(lua_State *L, WsluaContext &, ProtoUd &)
{
    WsProto &p = checkProto(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (!std::strcmp(key, "name"))
        lua_pushstring(L, p.name.c_str());
    else if (!std::strcmp(key, "description"))
        lua_pushstring(L, p.description.c_str());
    else if (!std::strcmp(key, "dissector"))
        pushRef(L, p.dissector);
    else if (!std::strcmp(key, "init"))
        pushRef(L, p.init);
    else if (!std::strcmp(key, "prefs_changed"))
        pushRef(L, p.prefsChanged);
    else if (!std::strcmp(key, "fields"))
        pushRef(L, p.fields);
    else if (!std::strcmp(key, "experts"))
        pushRef(L, p.expertsTable);
    else if (!std::strcmp(key, "prefs"))
        pushPrefTable(L, p.index);
    else if (!std::strcmp(key, "register_heuristic"))
        lua_getfield(L, lua_upvalueindex(2), "register_heuristic");
    else
        lua_pushnil(L);
    return 1;
}

LuaRef functionArg(lua_State *L, const char *what)
{
    if (!lua_isnil(L, 3) && !lua_isfunction(L, 3))
        luaL_error(L, "Proto.%s must be a function", what);
    lua_pushvalue(L, 3);
    return LuaRef::pop(L);
}

int newIndex(lua_State *L, WsluaContext &, ProtoUd &)
{
    WsProto &p = checkProto(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (!std::strcmp(key, "dissector")) {
        p.dissector = functionArg(L, key);
    } else if (!std::strcmp(key, "init")) {
        p.init = functionArg(L, key);
    } else if (!std::strcmp(key, "prefs_changed")) {
        p.prefsChanged = functionArg(L, key);
    } else if (!std::strcmp(key, "fields") || !std::strcmp(key, "experts")) {
        luaL_checktype(L, 3, LUA_TTABLE);
        lua_pushvalue(L, 3);
        (key[0] == 'f' ? p.fields : p.expertsTable) = LuaRef::pop(L);
    } else {
        return luaL_error(L, "Proto: cannot set '%s' (luacap knows dissector, init, prefs_changed, fields, "
                             "experts)", key);
    }
    return 0;
}

int toString(lua_State *L, WsluaContext &, ProtoUd &)
{
    WsProto &p = checkProto(L, 1);
    lua_pushfstring(L, "Proto: %s", p.name.c_str());
    return 1;
}
} // namespace

void registerProto(lua_State *L, int ctxIdx)
{
    ctxIdx = lua_absindex(L, ctxIdx);
    static const luaL_Reg methods[] = {{"register_heuristic", &function<registerHeuristic>}, {nullptr, nullptr}};
    newMetatable(L, kProtoMeta);
    lua_pushvalue(L, ctxIdx);
    lua_newtable(L);
    setFunctions(L, ctxIdx, methods);
    // __index and __newindex get the context and the methods table as upvalues.
    lua_pushcclosure(L, &valueMethod<ProtoUd, kProtoMeta, index>, 2);
    lua_setfield(L, -2, "__index");
    static const luaL_Reg meta[] = {
        {"__newindex", &valueMethod<ProtoUd, kProtoMeta, newIndex>},
        {"__tostring", &valueMethod<ProtoUd, kProtoMeta, toString>},
        {nullptr, nullptr},
    };
    setFunctions(L, ctxIdx, meta);
    lua_pop(L, 1);
    static const luaL_Reg statics[] = {{"new", &function<create>}, {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, statics);
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, ctxIdx);
    lua_pushcclosure(L, &function<create>, 1);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setglobal(L, "Proto");
}

} // namespace luacap::luaapi::wslua

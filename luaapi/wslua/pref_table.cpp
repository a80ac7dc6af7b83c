// Pref / Prefs bindings (the state's thread).
#include "wslua/pref_table.h"

#include <cstdlib>
#include <cstring>
#include <strings.h>

#include "wslua/proto.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

namespace {
const char kPrefsMeta[] = "luacap.Prefs";
const char kPrefMeta[] = "luacap.Pref";

struct PrefsUd {
    int proto;
};

const char *typeName(PrefType t)
{
    static const char *const names[] = {"bool", "uint", "string", "enum", "range"};
    return names[int(t)];
}

// Pref.bool(label, default, descr), Pref.uint(...), Pref.string(...), Pref.range(label, default,
// descr, max), Pref.enum(label, default, descr, enum_table, radio): a table Prefs understands.
template <PrefType T> int makePref(lua_State *L, WsluaContext &)
{
    lua_createtable(L, 0, 5);
    lua_pushstring(L, typeName(T));
    lua_setfield(L, -2, "type");
    lua_pushstring(L, luaL_optstring(L, 1, ""));
    lua_setfield(L, -2, "label");
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "default");
    lua_pushstring(L, luaL_optstring(L, 3, ""));
    lua_setfield(L, -2, "descr");
    if (T == PrefType::Enum) {
        luaL_checktype(L, 4, LUA_TTABLE);
        lua_pushvalue(L, 4);
        lua_setfield(L, -2, "enum");
    }
    setMeta(L, kPrefMeta);
    return 1;
}

WsProto &protoOf(lua_State *L, WsluaContext &ctx)
{
    return *ctx.protos[size_t(static_cast<PrefsUd *>(checkUdata(L, 1, kPrefsMeta))->proto)];
}

// Enum choices: {{1, "name", value}, ...} as in Wireshark.
void readChoices(lua_State *L, int idx, WsPref &pref)
{
    for (int i = 1; lua_rawgeti(L, idx, i), lua_istable(L, -1); ++i) {
        lua_rawgeti(L, -1, 2);
        lua_rawgeti(L, -2, 3);
        pref.choices.emplace_back(luaL_optstring(L, -2, ""), int64_t(lua_tonumber(L, -1)));
        lua_pop(L, 3);
    }
    lua_pop(L, 1);
}

int registerPref(lua_State *L, WsluaContext &ctx, PrefsUd &)
{
    WsProto &p = protoOf(L, ctx);
    const std::string name = luaL_checkstring(L, 2);
    bool isPref = lua_istable(L, 3) && lua_getmetatable(L, 3);
    if (isPref) {
        luaL_getmetatable(L, kPrefMeta);
        isPref = lua_rawequal(L, -1, -2);
        lua_pop(L, 2);
    }
    if (!isPref)
        return luaL_argerror(L, 3, "a Pref (Pref.bool, Pref.uint, ...) expected");
    WsPref pref;
    pref.name = name;
    lua_getfield(L, 3, "type");
    const std::string type = lua_tostring(L, -1);
    lua_pop(L, 1);
    for (int t = 0; t <= int(PrefType::Range); ++t)
        if (type == typeName(PrefType(t)))
            pref.type = PrefType(t);
    lua_getfield(L, 3, "label");
    pref.label = lua_tostring(L, -1);
    lua_getfield(L, 3, "descr");
    pref.description = lua_tostring(L, -1);
    lua_pop(L, 2);
    if (pref.type == PrefType::Enum) {
        lua_getfield(L, 3, "enum");
        readChoices(L, lua_gettop(L), pref);
        lua_pop(L, 1);
    }
    p.prefValues.push();
    lua_getfield(L, 3, "default");
    lua_setfield(L, -2, name.c_str());
    lua_pop(L, 1);
    p.prefs.push_back(std::move(pref));
    return 0;
}

int readPref(lua_State *L, WsluaContext &ctx, PrefsUd &)
{
    WsProto &p = protoOf(L, ctx);
    p.prefValues.push();
    lua_getfield(L, -1, luaL_checkstring(L, 2));
    return 1;
}

bool pushParsed(lua_State *L, const WsPref &pref, const std::string &value, std::string *error)
{
    char *end = nullptr;
    switch (pref.type) {
    case PrefType::Bool:
        if (value != "TRUE" && value != "true" && value != "1" && value != "FALSE" && value != "false" && value != "0")
            break;
        lua_pushboolean(L, value == "TRUE" || value == "true" || value == "1");
        return true;
    case PrefType::Uint: {
        const unsigned long long v = std::strtoull(value.c_str(), &end, 0);
        if (value.empty() || *end || value[0] == '-')
            break;
        lua_pushnumber(L, lua_Number(v));
        return true;
    }
    case PrefType::String:
    case PrefType::Range:
        lua_pushstring(L, value.c_str());
        return true;
    case PrefType::Enum:
        for (const auto &[name, v] : pref.choices) {
            if (strcasecmp(name.c_str(), value.c_str()) == 0 || std::to_string(v) == value) {
                lua_pushnumber(L, lua_Number(v));
                return true;
            }
        }
        break;
    }
    *error = "invalid value '" + value + "' for the " + typeName(pref.type) + " preference";
    return false;
}
} // namespace

void pushPrefTable(lua_State *L, int protoIndex)
{
    static_cast<PrefsUd *>(lua_newuserdata(L, sizeof(PrefsUd)))->proto = protoIndex;
    setMeta(L, kPrefsMeta);
}

bool applyPref(lua_State *L, WsluaContext &ctx, const std::string &name, const std::string &value,
               std::string *error)
{
    const size_t dot = name.find('.');
    WsProto *proto = dot == std::string::npos ? nullptr : ctx.protoByName(name.substr(0, dot));
    const std::string prefName = dot == std::string::npos ? "" : name.substr(dot + 1);
    const WsPref *pref = nullptr;
    if (proto)
        for (const WsPref &p : proto->prefs)
            pref = p.name == prefName ? &p : pref;
    if (!pref) {
        *error = "unknown preference '" + name + "'";
        return false;
    }
    proto->prefValues.push();
    if (!pushParsed(L, *pref, value, error)) {
        *error = name + ": " + *error;
        lua_pop(L, 1);
        return false;
    }
    lua_setfield(L, -2, prefName.c_str());
    lua_pop(L, 1);
    return true;
}

void registerPrefs(lua_State *L, int ctxIdx)
{
    static const luaL_Reg meta[] = {
        {"__index", &valueMethod<PrefsUd, kPrefsMeta, readPref>},
        {"__newindex", &valueMethod<PrefsUd, kPrefsMeta, registerPref>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kPrefsMeta, nullptr, meta);
    defineClass(L, ctxIdx, kPrefMeta, nullptr, nullptr);
    static const luaL_Reg fns[] = {
        {"bool", &function<makePref<PrefType::Bool>>},     {"uint", &function<makePref<PrefType::Uint>>},
        {"string", &function<makePref<PrefType::String>>}, {"enum", &function<makePref<PrefType::Enum>>},
        {"range", &function<makePref<PrefType::Range>>},   {nullptr, nullptr},
    };
    lua_newtable(L);
    setFunctions(L, ctxIdx, fns);
    lua_setglobal(L, "Pref");
}

} // namespace luacap::luaapi::wslua

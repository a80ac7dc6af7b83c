// DissectorTable / Dissector / register_postdissector implementation (the state's thread).
#include "wslua/dissector_table.h"

#include <cstdlib>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include "wslua/dissection.h"
#include "wslua/proto.h"
#include "wslua/tvb.h"
#include "wslua/wslua_session_state.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

namespace {
const char kTableMeta[] = "luacap.DissectorTable";
const char kDissectorMeta[] = "luacap.Dissector";

struct TableUd {
    int table;   // 0 tcp.port, 1 udp.port
};
struct DissectorUd {
    int proto;     // a Lua proto, or -1
    int builtin;   // kBuiltins index, or -1
};

const char *const kTableNames[] = {"tcp.port", "udp.port"};

// Wireshark dissector names luacap's built-in parsers answer to: (name, classifier name).
struct Builtin {
    const char *name;
    const char *parser;
};
const Builtin kBuiltins[] = {{"http", "http"}, {"dns", "dns"}, {"tls", "tls"}, {"ssl", "tls"}, {"smtp", "smtp"}};

// The built-in a port table holds in Wireshark for the ports luacap's parsers know (-1: none).
int builtinForPort(int table, uint32_t port)
{
    if (port == 53)
        return 1;
    if (table != 0)
        return -1;
    return port == 80 || port == 8080 ? 0 : port == 443 ? 2 : port == 25 || port == 587 ? 4 : -1;
}

std::unordered_map<uint32_t, int> &tableOf(WsluaContext &ctx, const TableUd &t)
{
    return t.table == 0 ? ctx.tcpPorts : ctx.udpPorts;
}

void pushDissector(lua_State *L, int proto, int builtin = -1)
{
    *static_cast<DissectorUd *>(lua_newuserdata(L, sizeof(DissectorUd))) = DissectorUd{proto, builtin};
    setMeta(L, kDissectorMeta);
}

// A Proto or a Dissector of a Lua proto at idx: its proto index.
int protoArg(lua_State *L, int idx)
{
    if (auto *d = static_cast<DissectorUd *>(testUdata(L, idx, kDissectorMeta))) {
        if (d->proto < 0)
            luaL_argerror(L, idx, "luacap's port tables take Lua protos only, not built-in parsers");
        return d->proto;
    }
    return checkProto(L, idx).index;
}

std::vector<std::pair<uint32_t, uint32_t>> patternArg(lua_State *L, int idx)
{
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
    if (lua_type(L, idx) == LUA_TNUMBER) {
        const lua_Number n = lua_tonumber(L, idx);
        if (n < 0 || n > 65535)
            luaL_argerror(L, idx, "port out of range");
        ranges.emplace_back(uint32_t(n), uint32_t(n));
    } else if (!parsePortRanges(luaL_checkstring(L, idx), ranges)) {
        luaL_argerror(L, idx, "a port or a range string (\"80,8080-8090\") expected");
    }
    return ranges;
}

int tableGet(lua_State *L, WsluaContext &)
{
    const std::string name = luaL_checkstring(L, 1);
    for (int i = 0; i < 2; ++i) {
        if (name == kTableNames[i]) {
            static_cast<TableUd *>(lua_newuserdata(L, sizeof(TableUd)))->table = i;
            setMeta(L, kTableMeta);
            return 1;
        }
    }
    return luaL_error(L, "DissectorTable.get: luacap has no dissector table '%s' (it has tcp.port and udp.port)",
                      name.c_str());
}

int tableList(lua_State *L, WsluaContext &)
{
    lua_createtable(L, 2, 0);
    for (int i = 0; i < 2; ++i) {
        lua_pushstring(L, kTableNames[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

int heuristicList(lua_State *L, WsluaContext &)
{
    lua_createtable(L, 2, 0);
    lua_pushstring(L, "tcp");
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, "udp");
    lua_rawseti(L, -2, 2);
    return 1;
}

int tableAdd(lua_State *L, WsluaContext &ctx, TableUd &t)
{
    const int proto = protoArg(L, 3);
    for (const auto &[lo, hi] : patternArg(L, 2))
        for (uint32_t port = lo; port <= hi; ++port)
            tableOf(ctx, t)[port] = proto;
    return 0;
}

int tableRemove(lua_State *L, WsluaContext &ctx, TableUd &t)
{
    const int proto = protoArg(L, 3);
    auto &table = tableOf(ctx, t);
    for (const auto &[lo, hi] : patternArg(L, 2))
        for (uint32_t port = lo; port <= hi; ++port)
            if (auto it = table.find(port); it != table.end() && it->second == proto)
                table.erase(it);
    return 0;
}

int tableRemoveAll(lua_State *L, WsluaContext &ctx, TableUd &t)
{
    const int proto = protoArg(L, 2);
    std::erase_if(tableOf(ctx, t), [proto](const auto &entry) { return entry.second == proto; });
    return 0;
}

int tableGetDissector(lua_State *L, WsluaContext &ctx, TableUd &t)
{
    const auto &table = tableOf(ctx, t);
    const uint32_t port = uint32_t(luaL_checkinteger(L, 2));
    const auto it = table.find(port);
    if (it != table.end())
        pushDissector(L, it->second);
    else if (const int builtin = builtinForPort(t.table, port); builtin >= 0)
        pushDissector(L, -1, builtin);
    else
        lua_pushnil(L);
    return 1;
}

int tableToString(lua_State *L, WsluaContext &, TableUd &t)
{
    lua_pushfstring(L, "DissectorTable %s", kTableNames[t.table]);
    return 1;
}

int dissectorGet(lua_State *L, WsluaContext &ctx)
{
    const char *name = luaL_checkstring(L, 1);
    if (WsProto *p = ctx.protoByName(name)) {
        pushDissector(L, p->index);
        return 1;
    }
    for (size_t i = 0; i < std::size(kBuiltins); ++i) {
        if (!std::strcmp(kBuiltins[i].name, name)) {
            pushDissector(L, -1, int(i));
            return 1;
        }
    }
    return luaL_error(L, "Dissector.get: no such dissector: '%s' (luacap has the Lua protos and its built-in "
                      "http, dns, tls/ssl and smtp)", name);
}

// A built-in parser's call: the Tvb's bytes go to that parser's instance for this session
// and direction; its fields land in the session record. Returns the bytes it took (0: the
// parser could not be started, e.g. the session already runs it by classification).
int callBuiltin(lua_State *L, WsluaContext &ctx, const Builtin &b)
{
    Dissection &d = *ctx.current();
    const Tvb tvb = checkTvb(L, 2, ctx);
    if (tvb.epoch != ctx.liveEpoch())
        return luaL_argerror(L, 2, "expired tvb");
    if (!ctx.builtins)
        return luaL_error(L, "Dissector:call: '%s' is a built-in parser and they are off (--no-parsers)", b.name);
    engine::SessionParser *parser = d.state->builtin(*d.session, b.parser, d.direction, tvb.data, tvb.len);
    if (!parser) {
        lua_pushinteger(L, 0);
        return 1;
    }
    if (parser->onData(*d.session, d.direction, tvb.data, tvb.len) == engine::SessionParser::Result::Done)
        d.state->dropBuiltin(parser);
    lua_pushinteger(L, tvb.len);
    return 1;
}

// Dissector:call(tvb, pinfo, tree): runs the proto's dissector inside the current dissection;
// its errors propagate to the caller as in Wireshark.
int dissectorCall(lua_State *L, WsluaContext &ctx, DissectorUd &d)
{
    if (!ctx.current())
        return luaL_error(L, "Dissector:call can only be used in a dissector");
    if (d.builtin >= 0)
        return callBuiltin(L, ctx, kBuiltins[d.builtin]);
    const WsProto &p = *ctx.protos[size_t(d.proto)];
    if (!p.dissector.valid())
        return luaL_error(L, "Dissector:call: proto '%s' has no dissector", p.name.c_str());
    p.dissector.push();
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushvalue(L, 4);
    lua_call(L, 3, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_getfield(L, 2, "len");
        lua_pushvalue(L, 2);
        lua_call(L, 1, 1);
    }
    return 1;
}

int dissectorToString(lua_State *L, WsluaContext &ctx, DissectorUd &d)
{
    lua_pushstring(L, d.builtin >= 0 ? kBuiltins[d.builtin].name : ctx.protos[size_t(d.proto)]->filterName.c_str());
    return 1;
}

int registerPostdissector(lua_State *L, WsluaContext &ctx)
{
    const int proto = checkProto(L, 1).index;
    for (int p : ctx.postDissectors)
        if (p == proto)
            return luaL_error(L, "register_postdissector: '%s' is already a post-dissector",
                              ctx.protos[size_t(proto)]->name.c_str());
    ctx.postDissectors.push_back(proto);
    return 0;
}
} // namespace

bool parsePortRanges(const std::string &text, std::vector<std::pair<uint32_t, uint32_t>> &out)
{
    const char *p = text.c_str();
    while (*p) {
        while (*p == ' ' || *p == ',')
            ++p;
        if (!*p)
            break;
        char *end = nullptr;
        const unsigned long lo = std::strtoul(p, &end, 10);
        if (end == p)
            return false;
        unsigned long hi = lo;
        p = end;
        if (*p == '-') {
            hi = std::strtoul(p + 1, &end, 10);
            if (end == p + 1)
                return false;
            p = end;
        }
        if (lo > hi || hi > 65535 || (*p && *p != ',' && *p != ' '))
            return false;
        out.emplace_back(uint32_t(lo), uint32_t(hi));
    }
    return !out.empty();
}

void registerDissectorTable(lua_State *L, int ctxIdx)
{
    static const luaL_Reg tableMethods[] = {
        {"add", &valueMethod<TableUd, kTableMeta, tableAdd>},
        {"set", &valueMethod<TableUd, kTableMeta, tableAdd>},
        {"remove", &valueMethod<TableUd, kTableMeta, tableRemove>},
        {"remove_all", &valueMethod<TableUd, kTableMeta, tableRemoveAll>},
        {"get_dissector", &valueMethod<TableUd, kTableMeta, tableGetDissector>},
        {nullptr, nullptr},
    };
    static const luaL_Reg tableMeta[] = {{"__tostring", &valueMethod<TableUd, kTableMeta, tableToString>},
                                         {nullptr, nullptr}};
    defineClass(L, ctxIdx, kTableMeta, tableMethods, tableMeta);
    static const luaL_Reg dissectorMethods[] = {{"call", &valueMethod<DissectorUd, kDissectorMeta, dissectorCall>},
                                                {nullptr, nullptr}};
    static const luaL_Reg dissectorMeta[] = {
        {"__tostring", &valueMethod<DissectorUd, kDissectorMeta, dissectorToString>}, {nullptr, nullptr}};
    defineClass(L, ctxIdx, kDissectorMeta, dissectorMethods, dissectorMeta);

    static const luaL_Reg tableStatics[] = {{"get", &function<tableGet>},
                                            {"list", &function<tableList>},
                                            {"heuristic_list", &function<heuristicList>},
                                            {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, tableStatics);
    lua_setglobal(L, "DissectorTable");
    static const luaL_Reg dissectorStatics[] = {{"get", &function<dissectorGet>}, {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, dissectorStatics);
    lua_setglobal(L, "Dissector");
    lua_pushvalue(L, ctxIdx);
    lua_pushcclosure(L, &function<registerPostdissector>, 1);
    lua_setglobal(L, "register_postdissector");
}

} // namespace luacap::luaapi::wslua

// Pinfo / Columns / Column bindings (the state's thread).
#include "wslua/pinfo.h"

#include <cstring>
#include <string>

#include "host/light_metatable.h"
#include "host/lua_host.h"
#include "wslua/address.h"
#include "wslua/dissection.h"
#include "wslua/proto.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kPinfoMeta[] = "luacap.Pinfo";
namespace {
const char kPinfoExpired[] = "#expired Pinfo";
const char kColumnsMeta[] = "luacap.Columns";
const char kColumnMeta[] = "luacap.Column";
const char kColumnExpired[] = "expired column";
const char kConversationMeta[] = "luacap.PinfoConversation";

struct ColumnsUd {
    uint64_t epoch;
};
struct ColumnUd {
    uint64_t epoch;
    int which;   // 0 protocol, 1 info, 2 a column luacap does not keep
};

std::string *columnText(Dissection &d, int which)
{
    return which == 0 ? &d.protocol : which == 1 ? &d.info : nullptr;
}

int columnIndex(const char *name)
{
    return !std::strcmp(name, "protocol") ? 0 : !std::strcmp(name, "info") ? 1 : 2;
}

void pushAddressOf(lua_State *L, const PacketMeta &m, bool src)
{
    const uint8_t kind = m.family == engine::AddressFamily::V4 ? 4 : m.family == engine::AddressFamily::V6 ? 6 : 0;
    pushAddress(L, kind, src ? m.src.data() : m.dst.data());
}

// pinfo.private: a plain table for this packet (Wireshark's PrivateTable holds strings).
void pushPrivate(lua_State *L, Dissection &d)
{
    if (!d.privateTable.valid()) {
        lua_newtable(L);
        d.privateTable = LuaRef::pop(L);
    }
    d.privateTable.push();
}

bool pushNumberField(lua_State *L, const Dissection &d, const char *key)
{
    const PacketMeta &m = *d.meta;
    static const char *const names[] = {"number", "len", "caplen", "abs_ts", "rel_ts", "src_port", "dst_port",
                                        "desegment_len", "desegment_offset", "can_desegment", "match_uint",
                                        "delta_ts", "port_type"};
    const lua_Number values[] = {lua_Number(m.frame), lua_Number(m.wireLen), lua_Number(m.capLen),
                                 lua_Number(m.tsUsec) / 1e6, lua_Number(m.tsUsec - m.sessionStartUsec) / 1e6,
                                 lua_Number(m.srcPort), lua_Number(m.dstPort), lua_Number(d.desegmentLen),
                                 lua_Number(d.desegmentOffset), lua_Number(d.canDesegment ? 1 : 0),
                                 lua_Number(m.srcPort < m.dstPort ? m.srcPort : m.dstPort), 0,
                                 lua_Number(m.ipProtocol == 6 ? 2 : m.ipProtocol == 17 ? 3 : 0)};
    for (size_t i = 0; i < std::size(names); ++i) {
        if (!std::strcmp(names[i], key)) {
            lua_pushnumber(L, values[i]);
            return true;
        }
    }
    return false;
}

int pinfoIndex(lua_State *L, WsluaContext &ctx, PinfoUd &p)
{
    Dissection &d = *ctx.current();
    const char *key = luaL_checkstring(L, 2);
    if (pushNumberField(L, d, key))
        return 1;
    if (!std::strcmp(key, "visited")) {
        lua_pushboolean(L, d.visited);
    } else if (!std::strcmp(key, "src") || !std::strcmp(key, "net_src")) {
        pushAddressOf(L, *d.meta, true);
    } else if (!std::strcmp(key, "dst") || !std::strcmp(key, "net_dst")) {
        pushAddressOf(L, *d.meta, false);
    } else if (!std::strcmp(key, "cols") || !std::strcmp(key, "columns")) {
        static_cast<ColumnsUd *>(lua_newuserdata(L, sizeof(ColumnsUd)))->epoch = p.epoch;
        setMeta(L, kColumnsMeta);
    } else if (!std::strcmp(key, "private")) {
        pushPrivate(L, d);
    } else if (!std::strcmp(key, "conversation")) {
        static_cast<PinfoUd *>(lua_newuserdata(L, sizeof(PinfoUd)))->epoch = p.epoch;
        setMeta(L, kConversationMeta);
    } else if (!std::strcmp(key, "p2p_dir")) {
        lua_pushinteger(L, d.direction == 0 ? 0 : 1);
    } else {
        lua_pushnil(L);
    }
    return 1;
}

int pinfoNewIndex(lua_State *L, WsluaContext &ctx, PinfoUd &)
{
    Dissection &d = *ctx.current();
    const char *key = luaL_checkstring(L, 2);
    if (!std::strcmp(key, "desegment_len"))
        d.desegmentLen = uint32_t(luaL_checknumber(L, 3));
    else if (!std::strcmp(key, "desegment_offset"))
        d.desegmentOffset = uint32_t(luaL_checknumber(L, 3));
    else if (!std::strcmp(key, "can_desegment") || !std::strcmp(key, "private"))
        return 0;   // luacap decides can_desegment itself; private is a table already
    else
        return luaL_error(L, "Pinfo: '%s' cannot be set", key);
    return 0;
}

int columnsIndex(lua_State *L, WsluaContext &, ColumnsUd &c)
{
    auto *col = static_cast<ColumnUd *>(lua_newuserdata(L, sizeof(ColumnUd)));
    *col = ColumnUd{c.epoch, columnIndex(luaL_checkstring(L, 2))};
    setMeta(L, kColumnMeta);
    return 1;
}

int columnsNewIndex(lua_State *L, WsluaContext &ctx, ColumnsUd &)
{
    if (std::string *text = columnText(*ctx.current(), columnIndex(luaL_checkstring(L, 2))))
        *text = luaL_checkstring(L, 3);
    return 0;
}

int columnSet(lua_State *L, WsluaContext &ctx, ColumnUd &c)
{
    if (std::string *text = columnText(*ctx.current(), c.which))
        *text = luaL_checkstring(L, 2);
    return 0;
}

int columnAppend(lua_State *L, WsluaContext &ctx, ColumnUd &c)
{
    if (std::string *text = columnText(*ctx.current(), c.which))
        *text += luaL_checkstring(L, 2);
    return 0;
}

int columnPrepend(lua_State *L, WsluaContext &ctx, ColumnUd &c)
{
    if (std::string *text = columnText(*ctx.current(), c.which))
        text->insert(0, luaL_checkstring(L, 2));
    return 0;
}

int columnClear(lua_State *, WsluaContext &ctx, ColumnUd &c)
{
    if (std::string *text = columnText(*ctx.current(), c.which))
        text->clear();
    return 0;
}

int columnNoop(lua_State *, WsluaContext &, ColumnUd &) { return 0; }

int columnToString(lua_State *L, WsluaContext &ctx, ColumnUd &c)
{
    const std::string *text = columnText(*ctx.current(), c.which);
    lua_pushstring(L, text ? text->c_str() : "");
    return 1;
}

// pinfo.conversation[proto] (Wireshark 4.6): the proto's conversation data in the store.
int conversationIndex(lua_State *L, WsluaContext &ctx, PinfoUd &)
{
    Dissection &d = *ctx.current();
    LuaHost::from(L).conversations().pushConversation(d.session, checkProto(L, 2).filterName.c_str());
    return 1;
}

int conversationNewIndex(lua_State *L, WsluaContext &ctx, PinfoUd &)
{
    Dissection &d = *ctx.current();
    LuaHost::from(L).conversations().setConversation(d.session, checkProto(L, 2).filterName.c_str(), 3);
    return 0;
}
} // namespace

void pushPinfo(lua_State *L, uint64_t epoch)
{
    pushWsLight(L, kPinfoKind, 0, epoch);
}

void checkPinfo(lua_State *L, int idx)
{
    checkPinfo(L, idx, WsluaContext::from(L));
}

void checkPinfo(lua_State *L, int idx, const WsluaContext &ctx)
{
    WsLight h;
    if (!toWsLight(L, idx, kPinfoKind, ctx.liveEpoch(), h))
        luaL_checkudata(L, idx, kPinfoMeta);   // raises the type error
    if (h.epoch != ctx.liveEpoch())
        luaL_argerror(L, idx, kPinfoExpired + 1);
}

void registerPinfo(lua_State *L, int ctxIdx)
{
    static const luaL_Reg pinfoMeta[] = {
        {"__index", &liveMethod<PinfoUd, kPinfoMeta, kPinfoExpired, pinfoIndex>},
        {"__newindex", &liveMethod<PinfoUd, kPinfoMeta, kPinfoExpired, pinfoNewIndex>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kPinfoMeta, nullptr, pinfoMeta);
    setLightKind(L, kPinfoKind, kPinfoMeta);
    static const luaL_Reg columnsMeta[] = {
        {"__index", &liveMethod<ColumnsUd, kColumnsMeta, kColumnExpired, columnsIndex>},
        {"__newindex", &liveMethod<ColumnsUd, kColumnsMeta, kColumnExpired, columnsNewIndex>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kColumnsMeta, nullptr, columnsMeta);
    static const luaL_Reg columnMethods[] = {
        {"set", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnSet>},
        {"append", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnAppend>},
        {"prepend", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnPrepend>},
        {"clear", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnClear>},
        {"fence", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnNoop>},
        {"clear_fence", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnNoop>},
        {nullptr, nullptr},
    };
    static const luaL_Reg columnMeta[] = {
        {"__tostring", &liveMethod<ColumnUd, kColumnMeta, kColumnExpired, columnToString>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kColumnMeta, columnMethods, columnMeta);
    static const luaL_Reg conversationMeta[] = {
        {"__index", &liveMethod<PinfoUd, kConversationMeta, kPinfoExpired, conversationIndex>},
        {"__newindex", &liveMethod<PinfoUd, kConversationMeta, kPinfoExpired, conversationNewIndex>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kConversationMeta, nullptr, conversationMeta);
}

} // namespace luacap::luaapi::wslua

// ArkimeSession bindings: registrations (load time only, by global function name, as Arkime)
// and session methods/properties (inside callbacks). The state's thread.
#include "arkime/arkime_session.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <exception>
#include <iterator>
#include <string>

#include "arkime/arkime_fields.h"
#include "arkime/lua_session_state.h"
#include "host/light_metatable.h"
#include "fields/field_registry.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"
#include "session/session.h"

namespace luacap::luaapi {

const char kSessionMeta[] = "luacap.ArkimeSession";

namespace {
const char kSessionDead[] = "ArkimeSession is not valid outside the callback that received it";

using engine::Session;

LuaHost &loadingHost(lua_State *L, const char *fn)
{
    LuaHost &host = LuaHost::from(L);
    if (!host.loading())
        luaL_error(L, "ArkimeSession.%s may only be called while a script loads", fn);
    return host;
}

int registerClassifier(lua_State *L, int ipProtocol, const char *fn)
{
    LuaHost &host = loadingHost(L, fn);
    ClassifierReg c;
    c.name = checkStringView(L, 1);
    const int64_t offset = checkInteger(L, 2);
    luaL_argcheck(L, offset >= 0 && offset < 65536, 2, "offset must be 0..65535");
    c.offset = int(offset);
    c.match = checkStringView(L, 3);
    c.function = checkStringView(L, 4);
    c.ipProtocol = ipProtocol;
    host.registrations().classifiers.push_back(std::move(c));
    return 0;
}

int registerTcpClassifier(lua_State *L) { return registerClassifier(L, 6, "register_tcp_classifier"); }
int registerUdpClassifier(lua_State *L) { return registerClassifier(L, 17, "register_udp_classifier"); }

int registerPreSave(lua_State *L)
{
    loadingHost(L, "register_pre_save").registrations().preSave.emplace_back(checkStringView(L, 1));
    return 0;
}

int registerSave(lua_State *L)
{
    loadingHost(L, "register_save").registrations().save.emplace_back(checkStringView(L, 1));
    return 0;
}

// Registered here; delivered by the built-in HTTP/SMTP parsers (their own issue).
int registerBodyFeed(lua_State *L)
{
    LuaHost &host = loadingHost(L, "register_body_feed");
    const std::string type(checkStringView(L, 1));
    if (type != "http" && type != "smtp")
        return luaL_error(L, "ArkimeSession.register_body_feed: unknown type '%s' (http or smtp)", type.c_str());
    host.registrations().bodyFeeds.emplace_back(type, std::string(checkStringView(L, 2)));
    return 0;
}

const char *const kHttpNames[] = {"MESSAGE_BEGIN", "URL", "HEADER_FIELD", "HEADER_FIELD_RAW",
                                  "HEADER_VALUE", "HEADERS_COMPLETE", "BODY", "MESSAGE_COMPLETE"};

int httpOn(lua_State *L)
{
    LuaHost &host = loadingHost(L, "http_on");
    const int64_t type = checkInteger(L, 1);
    luaL_argcheck(L, type >= 0 && type < 8, 1, "not an ArkimeSession.HTTP constant");
    host.registrations().httpOn.emplace_back(int(type), std::string(checkStringView(L, 2)));
    return 0;
}

// ---- methods on a live session ----

int addString(lua_State *L, ArkimeSessionTarget &s)
{
    const engine::FieldDef &def = checkField(L, 2);
    const std::string_view value = checkStringView(L, 3);
    if (def.type != engine::FieldType::String || (def.flags & engine::FieldFake))
        return luaL_error(L, "session:add_string: field '%s' is not a string field", def.expression.c_str());
    lua_pushboolean(L, s.session->fields.addString(def, value));
    return 1;
}

int addInt(lua_State *L, ArkimeSessionTarget &s)
{
    const engine::FieldDef &def = checkField(L, 2);
    const int64_t value = checkInteger(L, 3);
    if (def.type != engine::FieldType::Integer || (def.flags & engine::FieldFake))
        return luaL_error(L, "session:add_int: field '%s' is not an integer field", def.expression.c_str());
    lua_pushboolean(L, s.session->fields.addInt(def, value));
    return 1;
}

int addTag(lua_State *L, ArkimeSessionTarget &s)
{
    const engine::FieldRegistry &f = s.host->fields();
    s.session->fields.addString(f.get(engine::FieldRegistry::Tags), checkStringView(L, 2));
    return 0;
}

int addProtocol(lua_State *L, ArkimeSessionTarget &s)
{
    const engine::FieldRegistry &f = s.host->fields();
    s.session->fields.addString(f.get(engine::FieldRegistry::Protocol), checkStringView(L, 2));
    return 0;
}

int hasProtocol(lua_State *L, ArkimeSessionTarget &s)
{
    const std::string_view p = checkStringView(L, 2);
    const auto *list = s.session->fields.strings(engine::FieldRegistry::Protocol);
    lua_pushboolean(L, list && std::find(list->begin(), list->end(), p) != list->end());
    return 1;
}

// The engine holds the final save while the count is positive (outstanding-timeout after
// outstandingMaxWait of packet time).
int incrOutstanding(lua_State *, ArkimeSessionTarget &s)
{
    ++s.session->outstanding;
    return 0;
}

int decrOutstanding(lua_State *L, ArkimeSessionTarget &s)
{
    if (s.session->outstanding == 0)
        return luaL_error(L, "session:decr_outstanding without a matching incr_outstanding");
    --s.session->outstanding;
    return 0;
}

int registerParser(lua_State *L, ArkimeSessionTarget &s)
{
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    s.state->addParser(LuaRef::pop(L));
    return 0;
}

// The session's table lives in the host's ConversationStore (key "arkime"), shared with the
// Wireshark-style conversation data.
int table(lua_State *L, ArkimeSessionTarget &s)
{
    s.state->pushTable(s.host->conversations(), L, s.session);
    return 1;
}

int toString(lua_State *L, ArkimeSessionTarget &s)
{
    lua_pushfstring(L, "ArkimeSession: %p", static_cast<void *>(s.session));
    return 1;
}

// ---- properties ----

bool fromA(const Session &s, int dir) { return (dir == 0) == s.sourceIsA; }

void pushIp(lua_State *L, const Session &s, int dir)
{
    if (s.key.family == engine::AddressFamily::NonIp) {
        lua_pushnil(L);
        return;
    }
    const uint8_t *a = fromA(s, dir) ? s.key.addrA.data() : s.key.addrB.data();
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(s.key.family == engine::AddressFamily::V6 ? AF_INET6 : AF_INET, a, text, sizeof text);
    lua_pushstring(L, text);
}

void pushPort(lua_State *L, const Session &s, int dir)
{
    lua_pushinteger(L, fromA(s, dir) ? s.key.portA : s.key.portB);
}

void pushIpProtocol(lua_State *L, const Session &s)
{
    switch (s.key.ipProtocol) {
    case 1: lua_pushstring(L, "icmp"); break;
    case 6: lua_pushstring(L, "tcp"); break;
    case 17: lua_pushstring(L, "udp"); break;
    case 58: lua_pushstring(L, "icmpv6"); break;
    case 132: lua_pushstring(L, "sctp"); break;
    default: lua_pushstring(L, std::to_string(s.key.ipProtocol).c_str()); break;
    }
}

// Properties, in one list: __index serves them and registeredNames lists them.
struct Property {
    const char *name;
    void (*push)(lua_State *L, const Session &s);
};
const Property kProperties[] = {
    {"ipProtocol", &pushIpProtocol},
    {"srcIp", [](lua_State *L, const Session &s) { pushIp(L, s, 0); }},
    {"dstIp", [](lua_State *L, const Session &s) { pushIp(L, s, 1); }},
    {"srcPort", [](lua_State *L, const Session &s) { pushPort(L, s, 0); }},
    {"dstPort", [](lua_State *L, const Session &s) { pushPort(L, s, 1); }},
};

bool pushProperty(lua_State *L, const Session &s, std::string_view key)
{
    for (const Property &p : kProperties) {
        if (key == p.name) {
            p.push(L, s);
            return true;
        }
    }
    return false;
}

// Arkime's session:get special names (counters and endpoints that are not fields).
bool pushSpecial(lua_State *L, const Session &s, std::string_view e)
{
    const engine::TcpFlagCounts &f = s.tcpFlags;
    struct Counter { const char *name; uint64_t value; };
    const Counter counters[] = {
        {"databytes.src", s.dir[0].dataBytes}, {"databytes.dst", s.dir[1].dataBytes},
        {"packets.src", s.dir[0].packets},     {"packets.dst", s.dir[1].packets},
        {"bytes.src", s.dir[0].bytes},         {"bytes.dst", s.dir[1].bytes},
        {"tcpflags.syn", f.syn}, {"tcpflags.syn-ack", f.synAck}, {"tcpflags.ack", f.ack},
        {"tcpflags.psh", f.psh}, {"tcpflags.rst", f.rst}, {"tcpflags.fin", f.fin},
        {"tcpflags.FIN", f.fin}, {"tcpflags.urg", f.urg}, {"tcpflags.URG", f.urg},
    };
    for (const Counter &c : counters) {
        if (e == c.name) {
            lua_pushnumber(L, lua_Number(c.value));
            return true;
        }
    }
    if (e == "ip.src" || e == "ip.dst")
        pushIp(L, s, e == "ip.src" ? 0 : 1);
    else if (e == "port.src" || e == "port.dst")
        pushPort(L, s, e == "port.src" ? 0 : 1);
    else if (e == "ip.protocol")
        lua_pushinteger(L, s.key.ipProtocol);
    else
        return false;
    return true;
}

void pushValue(lua_State *L, int64_t v) { lua_pushnumber(L, lua_Number(v)); }
void pushValue(lua_State *L, double v) { lua_pushnumber(L, v); }
void pushValue(lua_State *L, std::string_view v) { lua_pushlstring(L, v.data(), v.size()); }

template <typename List> void pushValues(lua_State *L, const List &values, bool single)
{
    if (single) {
        pushValue(L, values.front());
        return;
    }
    lua_createtable(L, int(values.size()), 0);
    int i = 0;
    for (auto v : values) {
        pushValue(L, v);
        lua_rawseti(L, -2, ++i);
    }
}

// As Arkime: nil when the field has no value, a scalar for single-valued fields, else an array.
int get(lua_State *L, ArkimeSessionTarget &s)
{
    if (lua_type(L, 2) == LUA_TSTRING && pushSpecial(L, *s.session, checkStringView(L, 2)))
        return 1;
    const engine::FieldDef &def = checkField(L, 2);
    const engine::SessionFields &fields = s.session->fields;
    const bool single = def.flags & engine::FieldSingle;
    if (const auto *ints = fields.ints(def.id))
        pushValues(L, *ints, single);
    else if (const auto *floats = fields.floats(def.id))
        pushValues(L, *floats, single);
    else if (const auto *strings = fields.strings(def.id))
        pushValues(L, *strings, single);
    else
        lua_pushnil(L);
    return 1;
}

// The checking thunk of every session method (host/lua_thunk.h's method for a light handle):
// a live handle runs F; a dead one (or another light userdata) raises kSessionDead; anything
// else raises luaL_checkudata's type error.
template <int (*F)(lua_State *, ArkimeSessionTarget &)> int sessionMethod(lua_State *L)
{
    ArkimeSessionTarget s;
    if (!liveSession(LuaHost::from(L), 1, &s)) {
        if (lua_type(L, 1) != LUA_TLIGHTUSERDATA)
            luaL_checkudata(L, 1, kSessionMeta);
        return luaL_error(L, "%s", kSessionDead);
    }
    std::string message;
    try {
        return F(L, s);
    } catch (const std::exception &e) {
        message = e.what();
    }
    return luaL_error(L, "%s", message.c_str());
}

const luaL_Reg kMethods[] = {
    {"add_string", &sessionMethod<addString>},
    {"add_int", &sessionMethod<addInt>},
    {"add_tag", &sessionMethod<addTag>},
    {"add_protocol", &sessionMethod<addProtocol>},
    {"has_protocol", &sessionMethod<hasProtocol>},
    {"incr_outstanding", &sessionMethod<incrOutstanding>},
    {"decr_outstanding", &sessionMethod<decrOutstanding>},
    {"register_parser", &sessionMethod<registerParser>},
    {"table", &sessionMethod<table>},
    {"get", &sessionMethod<get>},
    {nullptr, nullptr},
};

// Properties read the live session, so they go through the checking thunk.
int indexProperty(lua_State *L, ArkimeSessionTarget &s)
{
    if (lua_type(L, 2) != LUA_TSTRING || !pushProperty(L, *s.session, checkStringView(L, 2)))
        lua_pushnil(L);
    return 1;
}

} // namespace

void pushSession(LuaHost &host, Session &session, LuaSessionState &state)
{
    host.pushLightHandle({kSessionMeta, &session, &state});
}

bool liveSession(LuaHost &host, int idx, ArkimeSessionTarget *out)
{
    const LightTarget *t = host.lightTarget(idx, kSessionMeta);
    if (!t)
        return false;
    *out = {static_cast<Session *>(t->object), static_cast<LuaSessionState *>(t->extra), &host};
    return true;
}

void reviveSession(LuaHost &host, int idx, const ArkimeSessionTarget &target)
{
    host.reviveLightHandle(lua_touserdata(host.state(), idx), {kSessionMeta, target.session, target.state});
}

void registerArkimeSession(lua_State *L)
{
    // Handles are light userdata of kind 0 (host/light_metatable.h): methods come from the
    // __index table without checking the handle (each method checks it when called, and
    // session:table() on each payload chunk is the hot path); other keys are properties.
    newMetatable(L, kSessionMeta);
    luaL_newlib(L, kMethods);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__methods");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &sessionMethod<indexProperty>);
    lua_setfield(L, -2, "__indexmiss");
    lua_createtable(L, int(std::size(kProperties)), 0);
    for (size_t i = 0; i < std::size(kProperties); ++i) {
        lua_pushstring(L, kProperties[i].name);
        lua_rawseti(L, -2, int(i + 1));
    }
    lua_setfield(L, -2, "__properties");
    lua_pushcfunction(L, &sessionMethod<toString>);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    setLightKind(L, 0, kSessionMeta);
    static const luaL_Reg functions[] = {
        {"register_tcp_classifier", &guarded<registerTcpClassifier>},
        {"register_udp_classifier", &guarded<registerUdpClassifier>},
        {"register_body_feed", &guarded<registerBodyFeed>},
        {"http_on", &guarded<httpOn>},
        {"register_pre_save", &guarded<registerPreSave>},
        {"register_save", &guarded<registerSave>},
        {nullptr, nullptr},
    };
    luaL_newlib(L, functions);
    lua_createtable(L, 0, 8);
    for (int i = 0; i < 8; ++i) {
        lua_pushinteger(L, i);
        lua_setfield(L, -2, kHttpNames[i]);
    }
    lua_setfield(L, -2, "HTTP");
    lua_setglobal(L, "ArkimeSession");
}

} // namespace luacap::luaapi

// The shared light-userdata metatable (the state's thread).
#include "host/light_metatable.h"

#include <cstring>

#include "host/light_handle.h"

namespace luacap::luaapi {

namespace {
const char kEventsKey = 0;   // its address: the registry key of {event -> {kind + 1 -> handler}}
const char kMiss[] = "__indexmiss";

struct Event {
    const char *name;
    const char *verb;   // Lua's own error text when the kind has no handler (null: __tostring)
};
const Event kEvents[] = {
    {"__index", "index"},
    {"__newindex", "index"},
    {"__call", "call"},
    {"__tostring", nullptr},
    {"__len", "get length of"},
    {"__concat", "concatenate"},
    {"__unm", "perform arithmetic on"},
    {"__add", "perform arithmetic on"},
    {"__sub", "perform arithmetic on"},
    {"__mul", "perform arithmetic on"},
    {"__div", "perform arithmetic on"},
    {"__mod", "perform arithmetic on"},
    {"__pow", "perform arithmetic on"},
    {"__lt", "compare"},
    {"__le", "compare"},
};

// The kind of the first light userdata operand (binary events may have it second).
int operandKind(lua_State *L)
{
    for (int i = 1; i <= 2; ++i)
        if (lua_type(L, i) == LUA_TLIGHTUSERDATA)
            return lightKind(lua_touserdata(L, i));
    return 0;
}

// Calls the handler on top of the stack with the arguments below it. A C function runs in
// this frame, as if Lua had called it: its errors then name the Lua line that caused them
// (luaL_error's level 1), not this function. Such handlers must not read upvalues.
int callHandler(lua_State *L, int nresults)
{
    if (lua_iscfunction(L, -1)) {
        const lua_CFunction f = lua_tocfunction(L, -1);
        lua_pop(L, 1);
        return f(L);
    }
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, nresults);
    return lua_gettop(L);
}

// Upvalues: 1 the event's handlers by kind, 2 Lua's verb for the event (nil: __tostring).
int forward(lua_State *L)
{
    lua_rawgeti(L, lua_upvalueindex(1), operandKind(L) + 1);
    if (lua_isnil(L, -1)) {
        const char *verb = lua_tostring(L, lua_upvalueindex(2));
        if (!verb) {   // tostring() of a kind without __tostring: Lua's own text
            lua_pushfstring(L, "userdata: %p", lua_touserdata(L, 1));
            return 1;
        }
        return luaL_error(L, "attempt to %s a userdata value", verb);
    }
    return callHandler(L, LUA_MULTRET);
}

// __index: upvalues 1 the handlers by kind, 2 the miss functions by kind. A table handler is
// read raw, as Lua reads a metatable's __index table; keys it lacks go to the miss function.
int forwardIndex(lua_State *L)
{
    const int kind = lightKind(lua_touserdata(L, 1)) + 1;
    lua_rawgeti(L, lua_upvalueindex(1), kind);
    if (lua_istable(L, -1)) {
        lua_pushvalue(L, 2);
        lua_rawget(L, -2);
        if (!lua_isnil(L, -1))
            return 1;
        lua_pop(L, 2);
        lua_rawgeti(L, lua_upvalueindex(2), kind);
        if (lua_isnil(L, -1))
            return 1;
    } else if (lua_isnil(L, -1)) {
        return luaL_error(L, "attempt to index a userdata value");
    }
    return callHandler(L, 1);
}

void pushHandlers(lua_State *L, const char *event)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kEventsKey);
    lua_getfield(L, -1, event);
    lua_remove(L, -2);
}
} // namespace

void installLightMetatable(lua_State *L)
{
    lua_newtable(L);   // events
    lua_newtable(L);   // the metatable
    for (const Event &e : kEvents) {
        lua_createtable(L, kLightKinds, 0);
        lua_pushvalue(L, -1);
        lua_setfield(L, -4, e.name);
        if (!std::strcmp(e.name, "__index")) {
            lua_createtable(L, kLightKinds, 0);
            lua_pushvalue(L, -1);
            lua_setfield(L, -5, kMiss);
            lua_pushcclosure(L, &forwardIndex, 2);
        } else {
            lua_pushstring(L, e.verb);   // nil for null
            lua_pushcclosure(L, &forward, 2);
        }
        lua_setfield(L, -2, e.name);
    }
    lua_pushlightuserdata(L, nullptr);
    lua_insert(L, -2);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kEventsKey);
}

void setLightKind(lua_State *L, int kind, const char *meta)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, meta);
    for (const Event &e : kEvents) {
        pushHandlers(L, e.name);
        lua_getfield(L, -2, e.name);
        lua_rawseti(L, -2, kind + 1);
        lua_pop(L, 1);
    }
    pushHandlers(L, kMiss);
    lua_getfield(L, -2, kMiss);
    lua_rawseti(L, -2, kind + 1);
    lua_pop(L, 2);
}

} // namespace luacap::luaapi

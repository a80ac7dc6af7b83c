// NSTime binding (the state's thread). Sums and differences keep Wireshark's nstime_sum /
// nstime_delta sign rules, so printed results equal tshark 4.0's ("%ld.%09d" of both parts).
#include "wslua/nstime.h"

#include <cstdio>
#include <cstring>

#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kNSTimeMeta[] = "luacap.NSTime";

namespace {
constexpr int32_t kNsPerSec = 1'000'000'000;

NSTime sum(NSTime a, NSTime b)
{
    NSTime r{a.secs + b.secs, a.nsecs + b.nsecs};
    if (r.nsecs >= kNsPerSec || (r.nsecs > 0 && r.secs < 0)) {
        r.nsecs -= kNsPerSec;
        ++r.secs;
    } else if (r.nsecs <= -kNsPerSec || (r.nsecs < 0 && r.secs > 0)) {
        r.nsecs += kNsPerSec;
        --r.secs;
    }
    return r;
}

// b - a, with the nanoseconds carrying the sign of the seconds.
NSTime delta(NSTime b, NSTime a)
{
    NSTime r{b.secs - a.secs, b.nsecs - a.nsecs};
    if (b.secs < a.secs && r.nsecs > 0) {
        r.nsecs -= kNsPerSec;
        ++r.secs;
    } else if (b.secs > a.secs && r.nsecs < 0) {
        r.nsecs += kNsPerSec;
        --r.secs;
    }
    return r;
}

int compare(NSTime a, NSTime b)
{
    if (a.secs != b.secs)
        return a.secs < b.secs ? -1 : 1;
    return a.nsecs == b.nsecs ? 0 : a.nsecs < b.nsecs ? -1 : 1;
}

NSTime &check(lua_State *L, int idx)
{
    return *static_cast<NSTime *>(checkUdata(L, idx, kNSTimeMeta));
}

int create(lua_State *L, int first)
{
    pushNSTime(L, NSTime{int64_t(luaL_optnumber(L, first, 0)), int32_t(luaL_optnumber(L, first + 1, 0))});
    return 1;
}

int newTime(lua_State *L, WsluaContext &) { return create(L, 1); }
int callClass(lua_State *L, WsluaContext &) { return create(L, 2); }   // NSTime(s, ns): 1 is the class

// Wireshark 4.0's text, sign quirks included (checked against tshark: (-2, 3) prints
// -3.999999997, (0, -3) prints -0.000000003).
int toString(lua_State *L, WsluaContext &, NSTime &t)
{
    long secs = long(t.secs);
    int nsecs = t.nsecs;
    bool negativeZero = false;
    if (secs > 0 && nsecs < 0) {
        nsecs += kNsPerSec;
        --secs;
    } else if (secs < 0 && nsecs > 0) {
        nsecs = kNsPerSec - nsecs;
        --secs;
    } else if (nsecs < 0) {
        nsecs = -nsecs;
        negativeZero = secs == 0;
    }
    char text[48];
    std::snprintf(text, sizeof text, negativeZero ? "-%ld.%09d" : "%ld.%09d", secs, nsecs);
    lua_pushstring(L, text);
    return 1;
}

int toNumber(lua_State *L, WsluaContext &, NSTime &t)
{
    lua_pushnumber(L, double(t.secs) + double(t.nsecs) / kNsPerSec);
    return 1;
}

int add(lua_State *L, WsluaContext &, NSTime &a) { pushNSTime(L, sum(a, check(L, 2))); return 1; }
int sub(lua_State *L, WsluaContext &, NSTime &a) { pushNSTime(L, delta(a, check(L, 2))); return 1; }
int unm(lua_State *L, WsluaContext &, NSTime &a) { pushNSTime(L, delta(NSTime{}, a)); return 1; }
int eq(lua_State *L, WsluaContext &, NSTime &a) { lua_pushboolean(L, compare(a, check(L, 2)) == 0); return 1; }
int lt(lua_State *L, WsluaContext &, NSTime &a) { lua_pushboolean(L, compare(a, check(L, 2)) < 0); return 1; }
int le(lua_State *L, WsluaContext &, NSTime &a) { lua_pushboolean(L, compare(a, check(L, 2)) <= 0); return 1; }

// Attributes secs and nsecs, then the methods.
int index(lua_State *L, WsluaContext &, NSTime &t)
{
    const char *key = luaL_checkstring(L, 2);
    if (key[0] == 's' && !std::strcmp(key, "secs"))
        lua_pushnumber(L, double(t.secs));
    else if (!std::strcmp(key, "nsecs"))
        lua_pushnumber(L, t.nsecs);
    else {
        luaL_getmetatable(L, kNSTimeMeta);
        lua_getfield(L, -1, "__methods");
        lua_getfield(L, -1, key);
    }
    return 1;
}

int newIndex(lua_State *L, WsluaContext &, NSTime &t)
{
    const char *key = luaL_checkstring(L, 2);
    if (!std::strcmp(key, "secs"))
        t.secs = int64_t(luaL_checknumber(L, 3));
    else if (!std::strcmp(key, "nsecs"))
        t.nsecs = int32_t(luaL_checknumber(L, 3));
    else
        return luaL_error(L, "NSTime: no attribute '%s' to set", key);
    return 0;
}
} // namespace

void pushNSTime(lua_State *L, NSTime t)
{
    *static_cast<NSTime *>(lua_newuserdata(L, sizeof(NSTime))) = t;
    setMeta(L, kNSTimeMeta);
}

NSTime nstimeFromUsec(int64_t usec)
{
    return NSTime{usec / 1'000'000, int32_t(usec % 1'000'000) * 1000};
}

void registerNSTime(lua_State *L, int ctxIdx)
{
    static const luaL_Reg meta[] = {
        {"__index", &valueMethod<NSTime, kNSTimeMeta, index>},
        {"__newindex", &valueMethod<NSTime, kNSTimeMeta, newIndex>},
        {"__tostring", &valueMethod<NSTime, kNSTimeMeta, toString>},
        {"__add", &valueMethod<NSTime, kNSTimeMeta, add>},
        {"__sub", &valueMethod<NSTime, kNSTimeMeta, sub>},
        {"__unm", &valueMethod<NSTime, kNSTimeMeta, unm>},
        {"__eq", &valueMethod<NSTime, kNSTimeMeta, eq>},
        {"__lt", &valueMethod<NSTime, kNSTimeMeta, lt>},
        {"__le", &valueMethod<NSTime, kNSTimeMeta, le>},
        {nullptr, nullptr},
    };
    static const luaL_Reg methods[] = {{"tonumber", &valueMethod<NSTime, kNSTimeMeta, toNumber>}, {nullptr, nullptr}};
    defineClass(L, ctxIdx, kNSTimeMeta, methods, meta);
    lua_newtable(L);
    static const luaL_Reg fns[] = {{"new", &function<newTime>}, {nullptr, nullptr}};
    setFunctions(L, ctxIdx, fns);
    lua_createtable(L, 0, 1);
    static const luaL_Reg classMeta[] = {{"__call", &function<callClass>}, {nullptr, nullptr}};
    setFunctions(L, ctxIdx, classMeta);
    lua_setmetatable(L, -2);
    lua_setglobal(L, "NSTime");
}

} // namespace luacap::luaapi::wslua

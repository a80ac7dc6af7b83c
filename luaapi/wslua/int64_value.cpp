// UInt64 / Int64 bindings: one template serves both (the state's thread).
#include "wslua/int64_value.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <type_traits>
#include <string>

#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kUInt64Meta[] = "luacap.UInt64";
const char kInt64Meta[] = "luacap.Int64";

namespace {
template <typename T> struct Boxed {
    T value;
};
template <typename T> constexpr const char *metaOf() { return std::is_signed_v<T> ? kInt64Meta : kUInt64Meta; }

template <typename T> void push(lua_State *L, T v)
{
    static_cast<Boxed<T> *>(lua_newuserdata(L, sizeof(Boxed<T>)))->value = v;
    setMeta(L, metaOf<T>());
}
} // namespace

void pushUInt64(lua_State *L, uint64_t v) { push<uint64_t>(L, v); }
void pushInt64(lua_State *L, int64_t v) { push<int64_t>(L, v); }

bool isInt64Object(lua_State *L, int idx)
{
    return testUdata(L, idx, kUInt64Meta) || testUdata(L, idx, kInt64Meta);
}

uint64_t checkUInt64(lua_State *L, int idx)
{
    if (auto *u = static_cast<Boxed<uint64_t> *>(testUdata(L, idx, kUInt64Meta)))
        return u->value;
    if (auto *s = static_cast<Boxed<int64_t> *>(testUdata(L, idx, kInt64Meta)))
        return uint64_t(s->value);
    if (lua_type(L, idx) == LUA_TSTRING)
        return std::strtoull(lua_tostring(L, idx), nullptr, 0);
    const lua_Number n = luaL_checknumber(L, idx);
    return n < 0 ? uint64_t(int64_t(n)) : uint64_t(n);
}

namespace {
template <typename T> T arg(lua_State *L, int idx) { return T(checkUInt64(L, idx)); }

template <typename T> int toString(lua_State *L)
{
    char buf[32];
    if constexpr (std::is_signed_v<T>)
        std::snprintf(buf, sizeof buf, "%" PRId64, int64_t(arg<T>(L, 1)));
    else
        std::snprintf(buf, sizeof buf, "%" PRIu64, uint64_t(arg<T>(L, 1)));
    lua_pushstring(L, buf);
    return 1;
}

template <typename T> int toNumber(lua_State *L)
{
    lua_pushnumber(L, lua_Number(arg<T>(L, 1)));
    return 1;
}

template <typename T> int toHex(lua_State *L)
{
    const int digits = int(luaL_optinteger(L, 2, 16));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%0*" PRIx64, digits < 1 || digits > 16 ? 16 : digits, uint64_t(arg<T>(L, 1)));
    lua_pushstring(L, buf);
    return 1;
}

template <typename T, typename Op> int binary(lua_State *L, Op op)
{
    push<T>(L, op(arg<T>(L, 1), arg<T>(L, 2)));
    return 1;
}
template <typename T> int add(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a + b); }); }
template <typename T> int sub(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a - b); }); }
template <typename T> int mul(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a * b); }); }
template <typename T> int band(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a & b); }); }
template <typename T> int bor(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a | b); }); }
template <typename T> int bxor(lua_State *L) { return binary<T>(L, [](T a, T b) { return T(a ^ b); }); }
template <typename T> int divide(lua_State *L)
{
    if (arg<T>(L, 2) == 0)
        return luaL_error(L, "Trying to divide by zero");
    return binary<T>(L, [](T a, T b) { return T(a / b); });
}
template <typename T> int mod(lua_State *L)
{
    if (arg<T>(L, 2) == 0)
        return luaL_error(L, "Trying to divide by zero");
    return binary<T>(L, [](T a, T b) { return T(a % b); });
}
template <typename T> int unm(lua_State *L)
{
    push<T>(L, T(-arg<T>(L, 1)));
    return 1;
}
template <typename T> int bnot(lua_State *L)
{
    push<T>(L, T(~arg<T>(L, 1)));
    return 1;
}
template <typename T> int lshift(lua_State *L)
{
    push<T>(L, T(uint64_t(arg<T>(L, 1)) << (luaL_checkinteger(L, 2) & 63)));
    return 1;
}
template <typename T> int rshift(lua_State *L)
{
    push<T>(L, T(uint64_t(arg<T>(L, 1)) >> (luaL_checkinteger(L, 2) & 63)));
    return 1;
}
template <typename T> int eq(lua_State *L)
{
    lua_pushboolean(L, arg<T>(L, 1) == arg<T>(L, 2));
    return 1;
}
template <typename T> int lt(lua_State *L)
{
    lua_pushboolean(L, arg<T>(L, 1) < arg<T>(L, 2));
    return 1;
}
template <typename T> int le(lua_State *L)
{
    lua_pushboolean(L, arg<T>(L, 1) <= arg<T>(L, 2));
    return 1;
}
template <typename T> int higher(lua_State *L)
{
    lua_pushnumber(L, lua_Number(uint64_t(arg<T>(L, 1)) >> 32));
    return 1;
}
template <typename T> int lower(lua_State *L)
{
    lua_pushnumber(L, lua_Number(uint64_t(arg<T>(L, 1)) & 0xffffffffu));
    return 1;
}
// UInt64.new(value) / UInt64.new(low, high) / UInt64(value)
template <typename T> int create(lua_State *L)
{
    const int base = lua_istable(L, 1) ? 2 : 1;   // called as UInt64(...) through __call
    if (lua_isnoneornil(L, base)) {
        push<T>(L, 0);
    } else if (!lua_isnoneornil(L, base + 1)) {
        push<T>(L, T(uint64_t(luaL_checknumber(L, base)) | uint64_t(luaL_checknumber(L, base + 1)) << 32));
    } else {
        push<T>(L, arg<T>(L, base));
    }
    return 1;
}
template <typename T> int fromHex(lua_State *L)
{
    push<T>(L, T(std::strtoull(luaL_checkstring(L, 1), nullptr, 16)));
    return 1;
}
template <typename T> int maxValue(lua_State *L)
{
    push<T>(L, std::numeric_limits<T>::max());
    return 1;
}
template <typename T> int minValue(lua_State *L)
{
    push<T>(L, std::numeric_limits<T>::min());
    return 1;
}

template <typename T> void registerOne(lua_State *L, int ctxIdx, const char *global)
{
    static const luaL_Reg methods[] = {
        {"tonumber", &guarded<toNumber<T>>}, {"tohex", &guarded<toHex<T>>},    {"higher", &guarded<higher<T>>},
        {"lower", &guarded<lower<T>>},       {"band", &guarded<band<T>>},      {"bor", &guarded<bor<T>>},
        {"bxor", &guarded<bxor<T>>},         {"bnot", &guarded<bnot<T>>},      {"lshift", &guarded<lshift<T>>},
        {"rshift", &guarded<rshift<T>>},     {nullptr, nullptr},
    };
    static const luaL_Reg meta[] = {
        {"__tostring", &guarded<toString<T>>}, {"__add", &guarded<add<T>>}, {"__sub", &guarded<sub<T>>},
        {"__mul", &guarded<mul<T>>},           {"__div", &guarded<divide<T>>}, {"__mod", &guarded<mod<T>>},
        {"__unm", &guarded<unm<T>>},           {"__eq", &guarded<eq<T>>},   {"__lt", &guarded<lt<T>>},
        {"__le", &guarded<le<T>>},             {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, metaOf<T>(), methods, meta);
    static const luaL_Reg statics[] = {
        {"new", &guarded<create<T>>}, {"fromhex", &guarded<fromHex<T>>}, {"max", &guarded<maxValue<T>>},
        {"min", &guarded<minValue<T>>}, {"tonumber", &guarded<toNumber<T>>}, {nullptr, nullptr},
    };
    lua_newtable(L);
    setFunctions(L, ctxIdx, statics);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &guarded<create<T>>);
    lua_setfield(L, -2, "__call");
    lua_setmetatable(L, -2);
    lua_setglobal(L, global);
}
} // namespace

void registerInt64Values(lua_State *L, int ctxIdx)
{
    registerOne<uint64_t>(L, ctxIdx, "UInt64");
    registerOne<int64_t>(L, ctxIdx, "Int64");
}

} // namespace luacap::luaapi::wslua

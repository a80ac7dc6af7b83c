// TvbRange binding: the typed getters with Wireshark's size rules and error texts.
// The state's thread.
#include "wslua/tvb_range.h"

#include <cstring>
#include <string>

#include "wslua/address.h"
#include "wslua/byte_array.h"
#include "wslua/int64_value.h"
#include "wslua/tvb.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kTvbRangeMeta[] = "luacap.TvbRange";
namespace {
const char kExpired[] = "expired tvb";
}

void pushTvbRange(lua_State *L, const TvbRange &r)
{
    *static_cast<TvbRange *>(lua_newuserdata(L, sizeof(TvbRange))) = r;
    setMeta(L, kTvbRangeMeta);
}

TvbRange *toTvbRange(lua_State *L, int idx)
{
    auto *r = static_cast<TvbRange *>(testUdata(L, idx, kTvbRangeMeta));
    if (r && r->epoch != WsluaContext::from(L).liveEpoch())
        luaL_error(L, "%s", kExpired);
    return r;
}

uint64_t readUnsigned(const uint8_t *p, uint32_t len, bool little)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; ++i)
        v = v << 8 | p[little ? len - 1 - i : i];
    return v;
}

namespace {
int64_t signExtend(uint64_t v, uint32_t bytes)
{
    const unsigned shift = 64 - bytes * 8;
    return shift == 64 ? 0 : int64_t(v << shift) >> shift;
}

template <bool Little, bool Signed> int getInt(lua_State *L, WsluaContext &, TvbRange &r)
{
    if (r.len < 1 || r.len > 4)
        return luaL_error(L, "TvbRange:%s%s() does not handle %d byte integers", Little ? "le_" : "",
                          Signed ? "int" : "uint", int(r.len));
    const uint64_t v = readUnsigned(r.bytes(), r.len, Little);
    lua_pushnumber(L, Signed ? lua_Number(signExtend(v, r.len)) : lua_Number(v));
    return 1;
}

template <bool Little, bool Signed> int getInt64(lua_State *L, WsluaContext &, TvbRange &r)
{
    if (r.len < 1 || r.len > 8)
        return luaL_error(L, "TvbRange:%s%s64() does not handle %d byte integers", Little ? "le_" : "",
                          Signed ? "int" : "uint", int(r.len));
    const uint64_t v = readUnsigned(r.bytes(), r.len, Little);
    if (Signed)
        pushInt64(L, signExtend(v, r.len));
    else
        pushUInt64(L, v);
    return 1;
}

template <bool Little> int getFloat(lua_State *L, WsluaContext &, TvbRange &r)
{
    const uint64_t v = readUnsigned(r.bytes(), r.len == 4 || r.len == 8 ? r.len : 0, Little);
    if (r.len == 4) {
        const uint32_t bits = uint32_t(v);
        float f;
        std::memcpy(&f, &bits, 4);
        lua_pushnumber(L, f);
    } else if (r.len == 8) {
        double d;
        std::memcpy(&d, &v, 8);
        lua_pushnumber(L, d);
    } else {
        return luaL_error(L, "TvbRange:%sfloat() does not handle %d byte floating numbers", Little ? "le_" : "",
                          int(r.len));
    }
    return 1;
}

template <bool Little> int getIpv4(lua_State *L, WsluaContext &, TvbRange &r)
{
    if (r.len != 4)
        return luaL_error(L, "TvbRange_%sipv4: The range must be 4 octets long", Little ? "le_" : "");
    uint8_t b[4];
    for (int i = 0; i < 4; ++i)
        b[i] = r.bytes()[Little ? 3 - i : i];
    pushAddress(L, 4, b);
    return 1;
}

int getIpv6(lua_State *L, WsluaContext &, TvbRange &r)
{
    if (r.len != 16)
        return luaL_error(L, "TvbRange_ipv6: The range must be 16 octets long");
    pushAddress(L, 6, r.bytes());
    return 1;
}

int getEther(lua_State *L, WsluaContext &, TvbRange &r)
{
    if (r.len != 6)
        return luaL_error(L, "TvbRange_ether: The range must be 6 bytes long");
    pushAddress(L, 1, r.bytes());
    return 1;
}

// string(): the bytes up to the first NUL (text, as Wireshark's C strings end there).
int getString(lua_State *L, WsluaContext &, TvbRange &r)
{
    const void *nul = std::memchr(r.bytes(), 0, r.len);
    const size_t n = nul ? size_t(static_cast<const uint8_t *>(nul) - r.bytes()) : r.len;
    lua_pushlstring(L, reinterpret_cast<const char *>(r.bytes()), n);
    return 1;
}

int getStrsize(lua_State *L, WsluaContext &, TvbRange &r)
{
    const void *nul = std::memchr(r.bytes(), 0, r.len);
    lua_pushinteger(L, nul ? lua_Integer(static_cast<const uint8_t *>(nul) - r.bytes()) + 1 : lua_Integer(r.len));
    return 1;
}

int getBytes(lua_State *L, WsluaContext &, TvbRange &r)
{
    pushByteArray(L, r.bytes(), r.len);
    return 1;
}

int getRaw(lua_State *L, WsluaContext &, TvbRange &r)
{
    const lua_Integer off = luaL_optinteger(L, 2, 0);
    lua_Integer len = luaL_optinteger(L, 3, -1);
    if (off < 0 || off > lua_Integer(r.len))
        return luaL_argerror(L, 2, "TvbRange_raw: offset beyond end of range");
    if (len < 0)
        len = lua_Integer(r.len) - off;
    if (off + len > lua_Integer(r.len))
        return luaL_argerror(L, 3, "TvbRange_raw: length beyond end of range");
    lua_pushlstring(L, reinterpret_cast<const char *>(r.bytes()) + off, size_t(len));
    return 1;
}

int getBitfield(lua_State *L, WsluaContext &, TvbRange &r)
{
    const lua_Integer pos = luaL_optinteger(L, 2, 0), bits = luaL_optinteger(L, 3, 1);
    if (pos < 0 || bits < 1 || bits > 64 || pos + bits > lua_Integer(r.len) * 8)
        return luaL_error(L, "Requested bitfield out of range");
    uint64_t v = 0;
    for (lua_Integer i = pos; i < pos + bits; ++i)
        v = v << 1 | ((r.bytes()[i / 8] >> (7 - i % 8)) & 1u);
    if (bits > 32)
        pushUInt64(L, v);
    else
        lua_pushnumber(L, lua_Number(v));
    return 1;
}

int subRange(lua_State *L, WsluaContext &, TvbRange &r)
{
    pushRange(L, r.epoch, r.data, r.tvbLen, r.offset, r.len, 2, 3);
    return 1;
}

int length(lua_State *L, WsluaContext &, TvbRange &r)
{
    lua_pushinteger(L, r.len);
    return 1;
}

int offset(lua_State *L, WsluaContext &, TvbRange &r)
{
    lua_pushinteger(L, r.offset);
    return 1;
}

int toTvb(lua_State *L, WsluaContext &ctx, TvbRange &r)
{
    pushTvb(L, ctx, r.bytes(), r.len);
    return 1;
}

int toString(lua_State *L, WsluaContext &, TvbRange &r)
{
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (uint32_t i = 0; i < r.len; ++i) {
        s += digits[r.bytes()[i] >> 4];
        s += digits[r.bytes()[i] & 15];
    }
    lua_pushstring(L, s.c_str());
    return 1;
}

template <int (*F)(lua_State *, WsluaContext &, TvbRange &)> constexpr lua_CFunction m()
{
    return &liveMethod<TvbRange, kTvbRangeMeta, kExpired, F>;
}
} // namespace

void registerTvbRange(lua_State *L, int ctxIdx)
{
    static const luaL_Reg methods[] = {
        {"uint", m<getInt<false, false>>()},       {"le_uint", m<getInt<true, false>>()},
        {"int", m<getInt<false, true>>()},         {"le_int", m<getInt<true, true>>()},
        {"uint64", m<getInt64<false, false>>()},   {"le_uint64", m<getInt64<true, false>>()},
        {"int64", m<getInt64<false, true>>()},     {"le_int64", m<getInt64<true, true>>()},
        {"float", m<getFloat<false>>()},           {"le_float", m<getFloat<true>>()},
        {"ipv4", m<getIpv4<false>>()},             {"le_ipv4", m<getIpv4<true>>()},
        {"ipv6", m<getIpv6>()},                    {"ether", m<getEther>()},
        {"string", m<getString>()},                {"stringz", m<getString>()},
        {"strsize", m<getStrsize>()},              {"bytes", m<getBytes>()},
        {"raw", m<getRaw>()},                      {"bitfield", m<getBitfield>()},
        {"range", m<subRange>()},                  {"len", m<length>()},
        {"offset", m<offset>()},                   {"tvb", m<toTvb>()},
        {nullptr, nullptr},
    };
    static const luaL_Reg meta[] = {
        {"__call", m<subRange>()},
        {"__len", m<length>()},
        {"__tostring", m<toString>()},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kTvbRangeMeta, methods, meta);
}

} // namespace luacap::luaapi::wslua

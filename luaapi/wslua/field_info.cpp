// FieldInfo binding (the state's thread). A FieldInfo is (epoch, hit index): the values live
// in the packet's Dissection, so making one allocates no more than its small userdata.
#include "wslua/field_info.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "wslua/address.h"
#include "wslua/byte_array.h"
#include "wslua/dissection.h"
#include "wslua/int64_value.h"
#include "wslua/nstime.h"
#include "wslua/tvb_range.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kFieldInfoMeta[] = "luacap.FieldInfo";

namespace {
const char kExpired[] = "expired FieldInfo";

struct FieldInfoUd {
    uint64_t epoch;
    uint32_t hit;
};

NSTime timeOf(const FieldHit &h)
{
    if (h.value.kind == FieldValue::Kind::Int)   // packet times keep their microseconds
        return nstimeFromUsec(h.value.i);
    const double secs = std::floor(h.value.f);
    return NSTime{int64_t(secs), int32_t(std::lround((h.value.f - secs) * 1e9))};
}

// Display text of values luacap's own fields found (Lua fields use their ProtoField's).
std::string plainDisplay(const FieldHit &h)
{
    char buf[48];
    const FieldValue &v = h.value;
    switch (v.kind) {
    case FieldValue::Kind::Int:
        if (h.type == FType::AbsoluteTime) {
            const NSTime t = timeOf(h);
            std::snprintf(buf, sizeof buf, "%" PRId64 ".%09d", t.secs, int(t.nsecs));
        } else {
            std::snprintf(buf, sizeof buf, "%" PRId64, v.i);
        }
        return buf;
    case FieldValue::Kind::Float:
        std::snprintf(buf, sizeof buf, "%.15g", v.f);
        return buf;
    case FieldValue::Kind::Address: return addressText(v.addrKind, v.addr);
    default: return v.text;
    }
}

std::string displayOf(const FieldHit &h)
{
    return h.field ? h.value.display(*h.field) : plainDisplay(h);
}

int64_t frameOffsetOf(const FieldHit &h)
{
    return h.offset < 0 ? 0 : int64_t(h.frameBase) + h.offset;
}

FieldHit &hitOf(WsluaContext &ctx, const FieldInfoUd &self)
{
    return ctx.current()->hits[self.hit];
}

void pushAttribute(lua_State *L, WsluaContext &ctx, const FieldHit &h, const char *key)
{
    if (!std::strcmp(key, "value")) {
        pushFieldValue(L, h);
    } else if (!std::strcmp(key, "display")) {
        lua_pushstring(L, displayOf(h).c_str());
    } else if (!std::strcmp(key, "label")) {
        lua_pushstring(L, h.field ? h.value.label(*h.field).c_str() : plainDisplay(h).c_str());
    } else if (!std::strcmp(key, "len")) {
        lua_pushinteger(L, h.len);
    } else if (!std::strcmp(key, "offset")) {
        lua_pushinteger(L, frameOffsetOf(h));
    } else if (!std::strcmp(key, "name")) {
        lua_pushstring(L, ctx.extractors[size_t(h.extractor)].name.c_str());
    } else if (!std::strcmp(key, "type")) {
        lua_pushinteger(L, int(h.type));
    } else if (!std::strcmp(key, "range")) {
        if (h.tvbData)
            pushTvbRange(L, TvbRange{ctx.liveEpoch(), h.tvbData, h.tvbLen, uint32_t(h.offset), h.len});
        else
            lua_pushnil(L);
    } else if (!std::strcmp(key, "generated")) {
        lua_pushboolean(L, h.generated);
    } else if (!std::strcmp(key, "hidden") || !std::strcmp(key, "is_url") || !std::strcmp(key, "little_endian") ||
               !std::strcmp(key, "big_endian")) {
        lua_pushboolean(L, false);
    } else {
        lua_pushnil(L);
    }
}

int index(lua_State *L, WsluaContext &ctx, FieldInfoUd &self)
{
    pushAttribute(L, ctx, hitOf(ctx, self), luaL_checkstring(L, 2));
    return 1;
}

int call(lua_State *L, WsluaContext &ctx, FieldInfoUd &self)
{
    pushFieldValue(L, hitOf(ctx, self));
    return 1;
}

int toString(lua_State *L, WsluaContext &ctx, FieldInfoUd &self)
{
    lua_pushstring(L, displayOf(hitOf(ctx, self)).c_str());
    return 1;
}

int length(lua_State *L, WsluaContext &ctx, FieldInfoUd &self)
{
    lua_pushinteger(L, hitOf(ctx, self).len);
    return 1;
}

int offset(lua_State *L, WsluaContext &ctx, FieldInfoUd &self)
{
    lua_pushinteger(L, frameOffsetOf(hitOf(ctx, self)));
    return 1;
}
} // namespace

void pushFieldInfo(lua_State *L, uint64_t epoch, uint32_t hit)
{
    *static_cast<FieldInfoUd *>(lua_newuserdata(L, sizeof(FieldInfoUd))) = FieldInfoUd{epoch, hit};
    setMeta(L, kFieldInfoMeta);
}

void pushFieldValue(lua_State *L, const FieldHit &h)
{
    const FieldValue &v = h.value;
    switch (h.type) {
    case FType::None: case FType::Protocol: lua_pushnil(L); return;
    case FType::Boolean: lua_pushboolean(L, v.i != 0); return;
    case FType::UInt64: pushUInt64(L, uint64_t(v.i)); return;
    case FType::Int64: pushInt64(L, v.i); return;
    case FType::AbsoluteTime: case FType::RelativeTime: pushNSTime(L, timeOf(h)); return;
    case FType::String: case FType::Stringz: lua_pushlstring(L, v.text.data(), v.text.size()); return;
    case FType::Bytes: case FType::UBytes:
        pushByteArray(L, reinterpret_cast<const uint8_t *>(v.text.data()), v.text.size());
        return;
    case FType::Ipv4: case FType::Ipv6: case FType::Ether: pushAddress(L, v.addrKind, v.addr); return;
    case FType::Float: case FType::Double: lua_pushnumber(L, v.f); return;
    default: lua_pushnumber(L, double(v.i)); return;
    }
}

void registerFieldInfo(lua_State *L, int ctxIdx)
{
    static const luaL_Reg meta[] = {
        {"__index", &liveMethod<FieldInfoUd, kFieldInfoMeta, kExpired, index>},
        {"__call", &liveMethod<FieldInfoUd, kFieldInfoMeta, kExpired, call>},
        {"__tostring", &liveMethod<FieldInfoUd, kFieldInfoMeta, kExpired, toString>},
        {"__len", &liveMethod<FieldInfoUd, kFieldInfoMeta, kExpired, length>},
        {"__unm", &liveMethod<FieldInfoUd, kFieldInfoMeta, kExpired, offset>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kFieldInfoMeta, nullptr, meta);
}

} // namespace luacap::luaapi::wslua

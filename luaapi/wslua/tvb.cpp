// Tvb binding (the state's thread).
#include "wslua/tvb.h"

#include <string>

#include "host/light_metatable.h"
#include "wslua/byte_array.h"
#include "wslua/dissection.h"
#include "wslua/tvb_range.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kTvbMeta[] = "luacap.Tvb";
namespace {
const char kExpired[] = "#expired Tvb";
}

void pushTvb(lua_State *L, WsluaContext &ctx, const uint8_t *data, uint32_t len)
{
    Dissection *d = ctx.current();
    if (d && d->tvbs.size() < kLightSlots) {
        pushWsLight(L, kTvbKind, uint32_t(d->tvbs.size()), ctx.liveEpoch());
        d->tvbs.push_back({data, len});
        return;
    }
    *static_cast<Tvb *>(lua_newuserdata(L, sizeof(Tvb))) = Tvb{ctx.liveEpoch(), data, len};
    setMeta(L, kTvbMeta);
}

void fromLight(const WsluaContext &ctx, const WsLight &h, Tvb &out)
{
    const Dissection *d = ctx.current();
    if (h.epoch == kDeadEpoch || !d || h.slot >= d->tvbs.size()) {
        out = Tvb{kDeadEpoch, nullptr, 0};
        return;
    }
    out = Tvb{h.epoch, d->tvbs[h.slot].data, d->tvbs[h.slot].len};
}

Tvb checkTvb(lua_State *L, int idx, WsluaContext &ctx)
{
    Tvb scratch{};
    return *checkObject<Tvb, kTvbMeta>(L, idx, ctx, scratch);
}

void pushRange(lua_State *L, uint64_t epoch, const uint8_t *data, uint32_t tvbLen, uint32_t base, uint32_t avail,
               int offArg, int lenArg)
{
    lua_Integer off = luaL_optinteger(L, offArg, 0);
    lua_Integer len = luaL_optinteger(L, lenArg, -1);
    if (off < 0)
        off += avail;
    if (off < 0 || off > lua_Integer(avail))
        luaL_error(L, "Range is out of bounds");
    if (len < 0)
        len = lua_Integer(avail) - off;
    if (off + len > lua_Integer(avail))
        luaL_error(L, "Range is out of bounds");
    pushTvbRange(L, TvbRange{epoch, data, tvbLen, base + uint32_t(off), uint32_t(len)});
}

namespace {
int call(lua_State *L, WsluaContext &, Tvb &t)
{
    pushRange(L, t.epoch, t.data, t.len, 0, t.len, 2, 3);
    return 1;
}

int length(lua_State *L, WsluaContext &, Tvb &t)
{
    lua_pushinteger(L, t.len);
    return 1;
}

int offset(lua_State *L, WsluaContext &, Tvb &)
{
    lua_pushinteger(L, 0);
    return 1;
}

int remaining(lua_State *L, WsluaContext &, Tvb &t)
{
    const lua_Integer off = luaL_optinteger(L, 2, 0);
    lua_pushinteger(L, off > lua_Integer(t.len) ? -1 : lua_Integer(t.len) - off);
    return 1;
}

// raw(offset, len) and bytes(offset, len): Wireshark checks offset and length separately.
bool slice(lua_State *L, Tvb &t, const char *fn, lua_Integer &off, lua_Integer &len)
{
    off = luaL_optinteger(L, 2, 0);
    len = luaL_optinteger(L, 3, -1);
    if (off < 0 || off > lua_Integer(t.len)) {
        luaL_argerror(L, 2, (std::string("Tvb_") + fn + ": offset beyond end of Tvb").c_str());
        return false;
    }
    if (len < 0)
        len = lua_Integer(t.len) - off;
    if (off + len > lua_Integer(t.len)) {
        luaL_argerror(L, 3, (std::string("Tvb_") + fn + ": length beyond end of Tvb").c_str());
        return false;
    }
    return true;
}

int raw(lua_State *L, WsluaContext &, Tvb &t)
{
    lua_Integer off, len;
    slice(L, t, "raw", off, len);
    lua_pushlstring(L, reinterpret_cast<const char *>(t.data) + off, size_t(len));
    return 1;
}

int bytes(lua_State *L, WsluaContext &, Tvb &t)
{
    lua_Integer off, len;
    slice(L, t, "bytes", off, len);
    pushByteArray(L, t.data + off, size_t(len));
    return 1;
}

int toString(lua_State *L, WsluaContext &, Tvb &t)
{
    static const char digits[] = "0123456789abcdef";
    std::string s = "TVB(" + std::to_string(t.len) + ") : ";
    for (uint32_t i = 0; i < t.len && i < 24; ++i) {
        s += digits[t.data[i] >> 4];
        s += digits[t.data[i] & 15];
    }
    lua_pushstring(L, s.c_str());
    return 1;
}
} // namespace

void registerTvb(lua_State *L, int ctxIdx)
{
    static const luaL_Reg methods[] = {
        {"len", &liveMethod<Tvb, kTvbMeta, kExpired, length>},
        {"captured_len", &liveMethod<Tvb, kTvbMeta, kExpired, length>},
        {"reported_len", &liveMethod<Tvb, kTvbMeta, kExpired, length>},
        {"reported_length_remaining", &liveMethod<Tvb, kTvbMeta, kExpired, remaining>},
        {"offset", &liveMethod<Tvb, kTvbMeta, kExpired, offset>},
        {"range", &liveMethod<Tvb, kTvbMeta, kExpired, call>},
        {"raw", &liveMethod<Tvb, kTvbMeta, kExpired, raw>},
        {"bytes", &liveMethod<Tvb, kTvbMeta, kExpired, bytes>},
        {nullptr, nullptr},
    };
    static const luaL_Reg meta[] = {
        {"__call", &liveMethod<Tvb, kTvbMeta, kExpired, call>},
        {"__len", &liveMethod<Tvb, kTvbMeta, kExpired, length>},
        {"__tostring", &liveMethod<Tvb, kTvbMeta, kExpired, toString>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kTvbMeta, methods, meta);
    setLightKind(L, kTvbKind, kTvbMeta);
}

} // namespace luacap::luaapi::wslua

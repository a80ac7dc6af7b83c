// dissect_tcp_pdus implementation (the state's thread).
#include "wslua/tcp_pdus.h"

#include "wslua/dissection.h"
#include "wslua/pinfo.h"
#include "wslua/tvb.h"
#include "wslua/wslua_session_state.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

namespace {
// Asks for more bytes from offset on (when allowed): the chunk ends in a partial PDU.
void askForMore(Dissection &d, bool desegment, uint32_t offset, uint32_t more)
{
    if (!desegment || !d.canDesegment)
        return;
    d.desegmentOffset = offset;
    d.desegmentLen = more;
}

int dissectTcpPdus(lua_State *L, WsluaContext &ctx)
{
    Dissection *d = ctx.current();
    const Tvb tvb = checkTvb(L, 1, ctx);
    if (!d || tvb.epoch != ctx.liveEpoch())
        return luaL_argerror(L, 1, "expired Tvb");
    const lua_Integer minHeader = luaL_checkinteger(L, 3);
    luaL_checktype(L, 4, LUA_TFUNCTION);
    luaL_checktype(L, 5, LUA_TFUNCTION);
    const bool desegment = lua_isnoneornil(L, 6) || lua_toboolean(L, 6);
    const uint64_t epoch = ctx.liveEpoch();
    uint32_t offset = 0;
    while (offset < tvb.len) {
        const uint32_t remaining = tvb.len - offset;
        if (lua_Integer(remaining) < minHeader) {
            askForMore(*d, desegment, offset, WsluaSessionState::kOneMoreSegment);
            break;
        }
        lua_pushvalue(L, 4);
        lua_pushvalue(L, 1);
        pushPinfo(L, epoch);
        lua_pushinteger(L, offset);
        lua_call(L, 3, 1);
        const lua_Integer pduLen = lua_tointeger(L, -1);
        lua_pop(L, 1);
        if (pduLen < 1)
            return luaL_error(L, "dissect_tcp_pdus: get_len_func returned %d at offset %d", int(pduLen), int(offset));
        if (pduLen > lua_Integer(remaining)) {
            askForMore(*d, desegment, offset, uint32_t(pduLen) - remaining);
            break;
        }
        lua_pushvalue(L, 5);
        pushTvb(L, ctx, tvb.data + offset, uint32_t(pduLen));
        pushPinfo(L, epoch);
        lua_pushvalue(L, 2);
        lua_call(L, 3, 0);
        offset += uint32_t(pduLen);
    }
    lua_pushinteger(L, tvb.len);
    return 1;
}
} // namespace

void registerTcpPdus(lua_State *L, int ctxIdx)
{
    lua_pushvalue(L, ctxIdx);
    lua_pushcclosure(L, &function<dissectTcpPdus>, 1);
    lua_setglobal(L, "dissect_tcp_pdus");
}

} // namespace luacap::luaapi::wslua

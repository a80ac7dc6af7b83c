// Pinfo: the packet information a dissector receives (Wireshark's Pinfo), with its Columns
// and Column objects. Valid only while its packet is dissected ("expired Pinfo" after).
// The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

#include "wslua/ws_light.h"

namespace luacap::luaapi::wslua {

class WsluaContext;

struct PinfoUd {
    static constexpr WsLightKind kLightKind = kPinfoKind;
    uint64_t epoch;
};
inline void fromLight(const WsluaContext &, const WsLight &h, PinfoUd &out) { out.epoch = h.epoch; }

extern const char kPinfoMeta[];
void pushPinfo(lua_State *L, uint64_t epoch);
// Raises unless idx is a live Pinfo (the conversation functions take one).
void checkPinfo(lua_State *L, int idx);
void checkPinfo(lua_State *L, int idx, const WsluaContext &ctx);
void registerPinfo(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

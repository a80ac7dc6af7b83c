// Tvb: the bytes a dissector receives (Wireshark's Tvb). Points into packet or reassembly
// memory, so it is valid only while its packet is being dissected ("expired Tvb" after).
// The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

#include "wslua/ws_light.h"

namespace luacap::luaapi::wslua {

class WsluaContext;

struct Tvb {
    static constexpr WsLightKind kLightKind = kTvbKind;
    uint64_t epoch;
    const uint8_t *data;
    uint32_t len;
};

extern const char kTvbMeta[];
// A Tvb of the current dissection on bytes that live until it ends: a light handle.
void pushTvb(lua_State *L, WsluaContext &ctx, const uint8_t *data, uint32_t len);
// The Tvb at idx (epoch kDeadEpoch, or an old one, when expired); raises unless it is one.
Tvb checkTvb(lua_State *L, int idx, WsluaContext &ctx);
// A light Tvb handle's bytes (liveMethod's decoding).
void fromLight(const WsluaContext &ctx, const WsLight &h, Tvb &out);
// Tvb(offset, len) and TvbRange(offset, len): Wireshark's bounds rules (negative offset counts
// from the end, len -1 or absent: to the end); raises "Range is out of bounds".
void pushRange(lua_State *L, uint64_t epoch, const uint8_t *data, uint32_t tvbLen, uint32_t base, uint32_t avail,
               int offArg, int lenArg);
void registerTvb(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

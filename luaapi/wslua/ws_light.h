// The light handles of the wslua bindings (host/light_handle.h): a dissector's Tvb, Pinfo and
// TreeItems are pushed as light userdata, so a dissector call (three objects per packet, more
// for every tree item) allocates nothing and leaves nothing for the collector. The payload is
// a slot (which Tvb of the dissection, which tree node) and the low bits of the epoch the
// handle was made in; only the live epoch's handles are live, so one kept past its packet
// raises Wireshark's "expired ..." text like the full userdata it replaces. Objects that can
// outlive a call in other ways (TvbRange, FieldInfo, ByteArray) stay full userdata.
// The state's thread only.
#pragma once

#include <cstdint>
#include <lua.hpp>

#include "host/light_handle.h"

namespace luacap::luaapi::wslua {

enum WsLightKind : int { kTvbKind = 1, kPinfoKind = 2, kTreeItemKind = 3 };

constexpr int kLightEpochBits = 40;
constexpr int kLightSlotBits = kLightKindShift - kLightEpochBits;
constexpr uint64_t kLightEpochMask = (uint64_t(1) << kLightEpochBits) - 1;
constexpr uint32_t kLightSlots = uint32_t(1) << kLightSlotBits;
// The epoch a dead handle decodes to: never a live one.
constexpr uint64_t kDeadEpoch = ~uint64_t(0);

struct WsLight {
    uint32_t slot = 0;
    uint64_t epoch = kDeadEpoch;   // the live epoch when the handle is live
};

inline void pushWsLight(lua_State *L, WsLightKind kind, uint32_t slot, uint64_t epoch)
{
    lua_pushlightuserdata(L, lightHandleValue(kind, (uint64_t(slot) << kLightEpochBits) | (epoch & kLightEpochMask)));
}

// The handle of kind at idx, with its epoch resolved against liveEpoch; false when idx holds
// no such handle.
inline bool toWsLight(lua_State *L, int idx, WsLightKind kind, uint64_t liveEpoch, WsLight &out)
{
    // One API call: lua_touserdata gives a full userdata's block (a user-space address, the
    // tag bit clear), a light userdata's value, or null for anything else.
    const void *value = lua_touserdata(L, idx);
    if (!(reinterpret_cast<uintptr_t>(value) & kLightHandleTag) || lightKind(value) != kind)
        return false;
    const uint64_t payload = lightPayload(value);
    out.slot = uint32_t(payload >> kLightEpochBits);
    const uint64_t epoch = payload & kLightEpochMask;
    out.epoch = liveEpoch != 0 && epoch == (liveEpoch & kLightEpochMask) ? liveEpoch : kDeadEpoch;
    return true;
}

} // namespace luacap::luaapi::wslua

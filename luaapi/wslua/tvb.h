// Tvb: the bytes a dissector receives (Wireshark's Tvb). Points into packet or reassembly
// memory, so it is valid only while its packet is being dissected ("expired Tvb" after).
// The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct Tvb {
    uint64_t epoch;
    const uint8_t *data;
    uint32_t len;
};

extern const char kTvbMeta[];
void pushTvb(lua_State *L, uint64_t epoch, const uint8_t *data, uint32_t len);
// Tvb(offset, len) and TvbRange(offset, len): Wireshark's bounds rules (negative offset counts
// from the end, len -1 or absent: to the end); raises "Range is out of bounds".
void pushRange(lua_State *L, uint64_t epoch, const uint8_t *data, uint32_t tvbLen, uint32_t base, uint32_t avail,
               int offArg, int lenArg);
void registerTvb(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

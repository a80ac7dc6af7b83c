// TvbRange: a slice of a Tvb and the typed getters dissectors read fields with. Valid only
// while its packet is dissected ("expired tvb" after). The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct TvbRange {
    uint64_t epoch;
    const uint8_t *data;   // the Tvb's first byte
    uint32_t tvbLen;
    uint32_t offset;       // in the Tvb
    uint32_t len;

    const uint8_t *bytes() const { return data + offset; }
};

extern const char kTvbRangeMeta[];
void pushTvbRange(lua_State *L, const TvbRange &r);
// The TvbRange at idx, or null when it is something else. Raises "expired tvb" when dead.
TvbRange *toTvbRange(lua_State *L, int idx);
uint64_t readUnsigned(const uint8_t *p, uint32_t len, bool little);
void registerTvbRange(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

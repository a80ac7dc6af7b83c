// ByteArray: bytes Lua owns (Wireshark's ByteArray): from hex text, TvbRange:bytes() or
// concatenation; :tvb() makes a Tvb over a copy that lives for the packet's dissection.
// The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string>

namespace luacap::luaapi::wslua {

struct ByteArray {
    std::string bytes;
};

extern const char kByteArrayMeta[];
ByteArray &pushByteArray(lua_State *L, const uint8_t *data, size_t len);
void registerByteArray(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

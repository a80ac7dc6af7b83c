// Int64Value<T>: Wireshark's UInt64 and Int64 objects (64-bit integers a Lua 5.2 number
// cannot hold exactly): constructors, arithmetic, comparisons, text. Plain values; the
// state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

extern const char kUInt64Meta[];
extern const char kInt64Meta[];
void pushUInt64(lua_State *L, uint64_t v);
void pushInt64(lua_State *L, int64_t v);
// A number, UInt64, Int64 or decimal string at idx as 64 bits (for arithmetic and tree values).
uint64_t checkUInt64(lua_State *L, int idx);
bool isInt64Object(lua_State *L, int idx);
void registerInt64Values(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

// FieldInfo binding: one value a Field extractor returned (value, display, label, len,
// offset, name, type, range, generated; tostring, call, # and unary minus as Wireshark's).
// Dies with the packet's other objects ("expired FieldInfo"). The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct FieldHit;

extern const char kFieldInfoMeta[];
void pushFieldInfo(lua_State *L, uint64_t epoch, uint32_t hit);
// FieldInfo.value: the hit's value as Wireshark types it (number, UInt64, Address, NSTime, ...).
void pushFieldValue(lua_State *L, const FieldHit &hit);
void registerFieldInfo(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

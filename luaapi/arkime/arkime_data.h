// ArkimeData: Arkime's byte-string wrapper with memmem, glob and pcre2 matching. Borrowed
// instances point at engine bytes and die when their callback returns; copies and new()
// objects own their bytes. Runs on the state's thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <lua.hpp>

#include "host/lua_handle.h"

namespace luacap::luaapi {

class LuaHost;

struct ArkimeDataUd {
    LuaHandle handle;
    const char *ptr = nullptr;
    size_t len = 0;
    bool owned = false;   // bytes follow this struct inside the same userdata
};

extern const char kArkimeDataMeta[];
extern const char kArkimeDataDead[];

void registerArkimeData(lua_State *L);
// Pushes an ArkimeData over bytes owned by the engine; dead when the host's current scope ends.
// With anchored, the caller keeps it on the stack until that scope ends (no registry ref).
void pushBorrowedData(LuaHost &host, const uint8_t *data, size_t len, bool anchored = false);
// Pushes an ArkimeData owning a copy of the bytes.
void pushOwnedData(lua_State *L, const char *data, size_t len);

} // namespace luacap::luaapi

// requireContext: the check every context-restricted `core` function starts with (the
// state's thread). Raises e.g. "core.sleep: not allowed in runtime context (called from a
// packet-path callback); allowed in: task".
#pragma once

#include <lua.hpp>

#include "host/lua_context.h"

namespace luacap::luaapi {

void requireContext(lua_State *L, const char *function, ContextMask allowed);

} // namespace luacap::luaapi

// readTlsTrust: the `caFile` and `insecure` fields of a Lua options table, shared by
// ArkimeHttpService.new and core's Socket:connect_ssl so both trust servers alike.
// The calling state's thread.
#pragma once

#include <lua.hpp>

#include "arkime/http_service_options.h"

namespace luacap::luaapi {

// Overrides o's trust settings with the table at idx's fields that are set.
void readTlsTrust(lua_State *L, int idx, HttpServiceOptions &o);

} // namespace luacap::luaapi

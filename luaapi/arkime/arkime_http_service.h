// ArkimeHttpService: Lua's HTTP client (Arkime API). Each Lua state (one per packet thread)
// creates its own services; requests go to the main thread's event loop and each answer
// comes back as a session command that runs the callback in the asking state. State's thread.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

extern const char kHttpServiceMeta[];
void registerArkimeHttpService(lua_State *L);

} // namespace luacap::luaapi

// The functions a state's scripts gave core.register_init and core.register_task, kept in
// that state's registry (in registration order). Only the main thread's state runs them:
// init functions once after every file loaded, tasks on its event loop. State's thread only.
#pragma once

#include <lua.hpp>
#include <string>

namespace luacap::luaapi {

class LuaHost;

enum class CoreHook { Init, Task };

// Appends the function at idx to the hook's list.
void addCoreHook(lua_State *L, CoreHook hook, int idx);
// Pushes the hook's list (a table, possibly empty).
void pushCoreHooks(lua_State *L, CoreHook hook);
// Runs every init function in init context; false with the first error's text in *error.
bool runInitFunctions(LuaHost &host, std::string *error);

} // namespace luacap::luaapi

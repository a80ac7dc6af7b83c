// The Wireshark-style library: registerWslua installs it into a new state (from registerAll);
// prepareWslua runs once the state's scripts loaded (preferences from the command line, the
// protos' init functions, the expert field on the main pass). The state's thread.
#pragma once

#include <lua.hpp>
#include <string>

#include "wslua/wslua_options.h"

namespace luacap::luaapi {
class LuaHost;
}

namespace luacap::luaapi::wslua {

void registerWslua(lua_State *L);
// False with a message when a -o preference is unknown or invalid, or an init function fails.
bool prepareWslua(LuaHost &host, const WsluaOptions &options, std::string *error);
// Some dissector, heuristic or post-dissector was registered: packet threads need the observer.
bool wsluaActive(LuaHost &host);
// Appends a hint to a load error that looks like Lua 5.3 syntax (Wireshark 4.4+ scripts).
void explainLoadError(std::string &error);

} // namespace luacap::luaapi::wslua

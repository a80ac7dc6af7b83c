// Stream channels for Lua parsers (HAProxy's Channel, read-only): Channel.parser(fn [, maxBytes])
// wraps fn(session, channel, direction) into an Arkime parser for session:register_parser.
// The wrapper appends each payload to that direction's buffer and lets fn take complete
// lines or byte counts; what fn leaves stays for the next packet. Registers luacap.Channel.
// The state's thread (packet threads at run time).
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

void registerLuaChannel(lua_State *L);

} // namespace luacap::luaapi

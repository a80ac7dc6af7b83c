// The `conversation` module (the reference's wslua_conversation): get/set_conv_data and
// get/set_packet_data on the state's ConversationStore, as a global and through
// require "wslua_conversation"; plus Wireshark 4.6's Conversation.find_from_pinfo. The
// state's thread; callable only inside a dissector (it needs the packet's session).
#pragma once

#include <lua.hpp>

namespace luacap::luaapi::wslua {

void registerConversationModule(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

// PrefTable: proto.prefs (Wireshark's Prefs) and the Pref.* constructors. Assigning a Pref
// registers it with its default; reading gives the current value, which `-o proto.name:value`
// (or --pref) sets after the scripts loaded. The state's thread.
#pragma once

#include <lua.hpp>
#include <string>

namespace luacap::luaapi::wslua {

class WsluaContext;

void pushPrefTable(lua_State *L, int protoIndex);
// "proto.name" = "value": false with a message when the pref is unknown or the value invalid.
bool applyPref(lua_State *L, WsluaContext &ctx, const std::string &name, const std::string &value,
               std::string *error);
void registerPrefs(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

// DissectorTable ("tcp.port", "udp.port"), Dissector (Lua protos by name) and
// register_postdissector bindings. Tables may change at any time on their own state; each
// packet looks its ports up again. The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string>
#include <utility>
#include <vector>

namespace luacap::luaapi::wslua {

// "80", "80,8080-8090": inclusive port ranges; false when the text is not such a list.
bool parsePortRanges(const std::string &text, std::vector<std::pair<uint32_t, uint32_t>> &out);
void registerDissectorTable(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

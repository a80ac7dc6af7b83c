// Address: pinfo.src/dst and TvbRange:ipv4()/ipv6()/ether() values (Wireshark's Address).
// A plain value that owns its bytes; never expires. The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <string>

namespace luacap::luaapi::wslua {

struct Address {
    uint8_t kind = 0;    // 4 IPv4, 6 IPv6, 1 Ethernet, 0 none
    uint8_t bytes[16] = {};
};

extern const char kAddressMeta[];
void pushAddress(lua_State *L, uint8_t kind, const uint8_t *bytes);
std::string addressText(uint8_t kind, const uint8_t *bytes);
void registerAddress(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

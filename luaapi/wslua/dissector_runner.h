// DissectorRunner: calls one Lua dissector (a proto's, or a heuristic function) on bytes of
// the packet being dissected, with a fresh Tvb, the packet's Pinfo and the tree root, and
// reads Wireshark's return rules: bytes consumed, 0 = not mine; nil = all; true/false for
// heuristics. Packet thread.
#pragma once

#include <cstdint>
#include <string>

#include "host/lua_ref.h"

namespace luacap::luaapi {
class LuaHost;
}

namespace luacap::luaapi::wslua {

class WsluaContext;

class DissectorRunner {
public:
    static constexpr int64_t kFailed = -1;   // the function raised an error (logged)

    DissectorRunner(LuaHost &host, WsluaContext &ctx) : host_(host), ctx_(ctx) {}
    // The current dissection must have been begun on the context.
    int64_t run(const LuaRef &function, const std::string &label, const uint8_t *data, uint32_t len);

private:
    LuaHost &host_;
    WsluaContext &ctx_;
};

} // namespace luacap::luaapi::wslua

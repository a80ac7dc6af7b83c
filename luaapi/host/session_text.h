// Text naming a session for Lua error reports and --trace-lua: its 5-tuple as the initiator
// saw it and the packet count so far. Built only when something is reported (any thread).
#pragma once

#include <string>

namespace luacap::engine {
struct Session;
}

namespace luacap::luaapi {

// "tcp 10.0.0.1:3858 -> 198.18.0.53:80, packet 4 of the session"
std::string sessionText(const engine::Session &session);

} // namespace luacap::luaapi

// LuaHandle: the first member of every userdata that wraps memory Lua does not own
// (a session, a callback's bytes). A callback scope clears live when the callback returns.
#pragma once

namespace luacap::luaapi {

struct LuaHandle {
    bool live = true;
};

} // namespace luacap::luaapi

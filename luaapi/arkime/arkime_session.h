// ArkimeSession: the session object handed to callbacks, and the ArkimeSession table of
// registration functions. A session handle dies when its callback returns. State's thread.
#pragma once

#include <lua.hpp>

#include "host/lua_handle.h"

namespace luacap::engine {
struct Session;
}

namespace luacap::luaapi {

class LuaHost;
class LuaSessionState;

struct ArkimeSessionUd {
    LuaHandle handle;
    engine::Session *session = nullptr;
    LuaSessionState *state = nullptr;
};

void registerArkimeSession(lua_State *L);
// The session metatable's method and property names (the docs test derives its list from them).
extern const char kSessionMeta[];
// Pushes a handle on the session, dead when the host's current callback scope ends. With
// anchored, the caller keeps it on the stack until that scope ends.
void pushSession(LuaHost &host, engine::Session &session, LuaSessionState &state, bool anchored = false);

} // namespace luacap::luaapi

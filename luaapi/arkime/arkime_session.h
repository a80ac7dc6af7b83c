// ArkimeSession: the session object handed to callbacks, and the ArkimeSession table of
// registration functions. A session handle dies when its callback returns. State's thread.
#pragma once

#include <lua.hpp>

namespace luacap::engine {
struct Session;
}

namespace luacap::luaapi {

class LuaHost;
class LuaSessionState;

// What a live session handle names. The handle itself is a light handle
// (host/light_handle.h): a fresh id per callback, no allocation, so a payload callback does
// not feed the collector a userdata per chunk; every light userdata has the ArkimeSession
// metatable, and one that is no live handle is a dead session.
struct ArkimeSessionTarget {
    engine::Session *session = nullptr;
    LuaSessionState *state = nullptr;
    LuaHost *host = nullptr;   // the state's host (methods need not look it up again)
};

void registerArkimeSession(lua_State *L);
// The session metatable's method and property names (the docs test derives its list from them).
extern const char kSessionMeta[];
// Pushes a handle on the session, dead when the host's current callback scope ends.
void pushSession(LuaHost &host, engine::Session &session, LuaSessionState &state);
// The session named by the value at idx when it is a live session handle.
bool liveSession(LuaHost &host, int idx, ArkimeSessionTarget *out);
// Makes the handle value at idx (pushed by an earlier callback for this session) live again
// until the host's current callback scope ends.
void reviveSession(LuaHost &host, int idx, const ArkimeSessionTarget &target);

} // namespace luacap::luaapi

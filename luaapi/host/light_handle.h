// LightHandle: a handle that is a light userdata, for the object every payload callback gets
// (the session): pushing one allocates nothing and leaves no garbage for the collector. Its
// value is a fresh id per push, never an address; the host's callback scopes map the live
// ids to their targets, so an id kept past its callback names nothing (the stale-handle
// error), even when the same object is handed to a later callback. The state's thread only.
#pragma once

#include <cstdint>

namespace luacap::luaapi {

struct LightTarget {
    const char *kind = nullptr;   // the class's metatable name (compared by address)
    void *object = nullptr;
    void *extra = nullptr;
};

static_assert(sizeof(void *) == 8, "light handle ids use the top bit of a 64-bit value");

// Ids carry the top bit, which no user-space address has: a light userdata that is a real
// address (a registry key a core function yields) never names a target.
constexpr uintptr_t kLightHandleTag = uintptr_t(1) << 63;

inline void *lightHandleValue(uint64_t id)
{
    return reinterpret_cast<void *>(kLightHandleTag | uintptr_t(id));
}

} // namespace luacap::luaapi

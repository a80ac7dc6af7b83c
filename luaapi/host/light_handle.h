// LightHandle: a handle that is a light userdata, for the objects every callback gets (the
// session; a dissector's Tvb, Pinfo and tree): pushing one allocates nothing and leaves no
// garbage for the collector. Its value is never an address: the top bit tags it, bits 60-62
// name its kind and the low 60 bits are the kind's payload.
//
// Kind 0 are the host's ids (LuaHost::pushLightHandle): a fresh id per push that the host's
// callback scopes map to live targets, so an id kept past its callback names nothing (the
// stale-handle error), even when the same object is handed to a later callback. Kinds 1-7
// belong to bindings that pack their own liveness into the payload (wslua: slot + epoch).
// Every light userdata of a state shares one metatable (host/light_metatable.h), which
// forwards to the metatable registered for the kind. The state's thread only.
#pragma once

#include <cstdint>

namespace luacap::luaapi {

struct LightTarget {
    const char *kind = nullptr;   // the class's metatable name (compared by address)
    void *object = nullptr;
    void *extra = nullptr;
};

static_assert(sizeof(void *) == 8, "light handle ids use the top bits of a 64-bit value");

// The top bit, which no user-space address has: a light userdata that is a real address (a
// registry key a core function yields) never names a target.
constexpr uintptr_t kLightHandleTag = uintptr_t(1) << 63;
constexpr int kLightKindShift = 60;
constexpr int kLightKinds = 8;
constexpr uint64_t kLightPayloadMask = (uint64_t(1) << kLightKindShift) - 1;

inline void *lightHandleValue(int kind, uint64_t payload)
{
    return reinterpret_cast<void *>(kLightHandleTag | (uintptr_t(kind) << kLightKindShift) |
                                    uintptr_t(payload & kLightPayloadMask));
}
inline void *lightHandleValue(uint64_t id) { return lightHandleValue(0, id); }

// The kind of a light userdata value; 0 for one that is not a handle.
inline int lightKind(const void *value)
{
    const uintptr_t v = reinterpret_cast<uintptr_t>(value);
    return (v & kLightHandleTag) ? int((v >> kLightKindShift) & (kLightKinds - 1)) : 0;
}
inline uint64_t lightPayload(const void *value) { return reinterpret_cast<uintptr_t>(value) & kLightPayloadMask; }

} // namespace luacap::luaapi

// CoreServices: the process-wide objects behind `core` that every Lua state shares: the
// shared maps and ACLs (one set per process, as HAProxy's), the input clock packet threads
// publish, and whether core.now() reports that clock (replay) or the wall clock (live).
// Any thread; the members are themselves thread-safe.
#pragma once

#include <atomic>

#include "shared_maps/input_clock.h"
#include "shared_maps/shared_map_store.h"

namespace luacap::luaapi {

struct CoreServices {
    engine::SharedMapStore maps;
    engine::InputClock inputClock;
    std::atomic<bool> wallClock{false};   // live capture sets it before the scripts load
};

CoreServices &coreServices();

} // namespace luacap::luaapi

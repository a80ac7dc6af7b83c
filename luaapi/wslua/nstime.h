// NSTime binding: Wireshark's seconds + nanoseconds time (NSTime.new, NSTime(s, ns),
// arithmetic, comparison, tostring and tonumber as Wireshark 4.0 has them). Values own their
// data and never expire. The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct NSTime {
    int64_t secs = 0;
    int32_t nsecs = 0;
};

extern const char kNSTimeMeta[];
void pushNSTime(lua_State *L, NSTime t);
// Seconds since the epoch (a packet's microseconds) as an NSTime.
NSTime nstimeFromUsec(int64_t usec);
void registerNSTime(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

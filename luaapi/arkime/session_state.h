// SessionState: what one packet thread's Lua host keeps per session (parsers registered by
// session:register_parser, the outstanding count, which directions were classified).
#pragma once

#include <vector>

#include "host/lua_ref.h"

namespace luacap::luaapi {

struct SessionState {
    std::vector<LuaRef> parsers;
    int outstanding = 0;
    uint8_t classified = 0;   // bit per direction: its first payload went to the classifiers
};

} // namespace luacap::luaapi

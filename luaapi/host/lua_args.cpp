// Argument helpers (the state's thread).
#include "host/lua_args.h"

#include <cmath>
#include <string>

namespace luacap::luaapi {

int64_t checkInteger(lua_State *L, int idx)
{
    const lua_Number n = luaL_checknumber(L, idx);
    if (std::floor(n) != n || std::fabs(n) > 9007199254740992.0) {
        lua_pushfstring(L, "integer expected, got %f", n);
        luaL_argerror(L, idx, lua_tostring(L, -1));
    }
    return int64_t(n);
}

std::string_view checkStringView(lua_State *L, int idx)
{
    size_t len = 0;
    const char *s = luaL_checklstring(L, idx, &len);
    return std::string_view(s, len);
}

} // namespace luacap::luaapi

// readTlsTrust (see the header).
#include "arkime/tls_trust_args.h"

#include <string>

#include "host/lua_args.h"

namespace luacap::luaapi {

void readTlsTrust(lua_State *L, int idx, HttpServiceOptions &o)
{
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, "caFile");
    if (!lua_isnil(L, -1))
        o.caFile = QString::fromStdString(std::string(checkStringView(L, -1)));
    lua_getfield(L, idx, "insecure");
    if (!lua_isnil(L, -1))
        o.insecure = lua_toboolean(L, -1);
    lua_pop(L, 2);
}

} // namespace luacap::luaapi

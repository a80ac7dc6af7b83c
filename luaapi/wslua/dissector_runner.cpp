// DissectorRunner implementation (packet thread).
#include "wslua/dissector_runner.h"

#include "host/lua_host.h"
#include "wslua/pinfo.h"
#include "wslua/tree_item.h"
#include "wslua/tvb.h"
#include "wslua/wslua_context.h"

namespace luacap::luaapi::wslua {

int64_t DissectorRunner::run(const LuaRef &function, const std::string &label, const uint8_t *data, uint32_t len)
{
    lua_State *L = host_.state();
    const uint64_t epoch = ctx_.liveEpoch();
    function.push();
    pushTvb(L, ctx_, data, len);
    pushPinfo(L, epoch);
    pushTreeItem(L, epoch, 0);
    if (!host_.call(3, 1, label))
        return kFailed;
    int64_t consumed;
    if (lua_isnil(L, -1))
        consumed = len;
    else if (lua_isboolean(L, -1))
        consumed = lua_toboolean(L, -1) ? len : 0;
    else
        consumed = int64_t(lua_tonumber(L, -1));
    lua_pop(L, 1);
    return consumed;
}

} // namespace luacap::luaapi::wslua

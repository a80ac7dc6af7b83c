// registerWslua / prepareWslua (the state's thread).
#include "wslua/wslua_library.h"

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "wslua/address.h"
#include "wslua/byte_array.h"
#include "wslua/conversation_module.h"
#include "wslua/dissector_table.h"
#include "wslua/field_extractor.h"
#include "wslua/field_info.h"
#include "wslua/int64_value.h"
#include "wslua/nstime.h"
#include "wslua/pinfo.h"
#include "wslua/pref_table.h"
#include "wslua/proto.h"
#include "wslua/proto_field.h"
#include "wslua/tcp_pdus.h"
#include "wslua/tree_item.h"
#include "wslua/tvb.h"
#include "wslua/tvb_range.h"
#include "wslua/wslua_context.h"

namespace luacap::luaapi::wslua {

namespace {
// LuaBitOp's `bit` on top of Lua 5.2's bit32 (results stay unsigned, unlike LuaBitOp's).
const char kBitModule[] = R"(
local b = {}
for k, v in pairs(bit32) do b[k] = v end
b.tobit = function(x) x = bit32.band(x, 0xffffffff) if x >= 0x80000000 then return x - 0x100000000 end return x end
b.tohex = function(x, n) n = n or 8 local up = n < 0 if up then n = -n end
  local s = string.format("%0" .. n .. "x", bit32.band(x, 0xffffffff)):sub(-n) return up and s:upper() or s end
b.bswap = function(x) return bit32.bor(bit32.lshift(bit32.band(x, 0xff), 24), bit32.lshift(bit32.band(x, 0xff00), 8),
  bit32.band(bit32.rshift(x, 8), 0xff00), bit32.rshift(x, 24)) end
b.rol = bit32.lrotate b.ror = bit32.rrotate
bit = b
-- Lua 5.3's string packing, which Wireshark 4.4+ scripts may use: say so instead of "attempt to call a nil value".
for _, name in ipairs({"pack", "unpack", "packsize"}) do
  string[name] = function() error("string." .. name .. " is Lua 5.3 (Wireshark 4.4+ scripts may use it): luacap runs " ..
    "Lua 5.2; read values with TvbRange getters (uint, le_uint, string, ...) or build them with ByteArray", 2) end
end
)";
} // namespace

void registerWslua(lua_State *L)
{
    WsluaContext::install(L);
    const int ctxIdx = lua_gettop(L);
    registerAddress(L, ctxIdx);
    registerInt64Values(L, ctxIdx);
    registerByteArray(L, ctxIdx);
    registerTvb(L, ctxIdx);
    registerTvbRange(L, ctxIdx);
    registerTreeItem(L, ctxIdx);
    registerPinfo(L, ctxIdx);
    registerPrefs(L, ctxIdx);
    registerProto(L, ctxIdx);
    registerProtoField(L, ctxIdx);
    registerDissectorTable(L, ctxIdx);
    registerConversationModule(L, ctxIdx);
    registerTcpPdus(L, ctxIdx);
    registerNSTime(L, ctxIdx);
    registerField(L, ctxIdx);
    registerFieldInfo(L, ctxIdx);
    lua_pop(L, 1);
    if (luaL_dostring(L, kBitModule) != LUA_OK)
        lua_pop(L, 1);
}

bool prepareWslua(LuaHost &host, const WsluaOptions &options, std::string *error)
{
    lua_State *L = host.state();
    WsluaContext &ctx = WsluaContext::from(L);
    for (const auto &[name, value] : options.prefs)
        if (!applyPref(L, ctx, name, value, error))
            return false;
    if (engine::FieldRegistry *fields = host.writableFields(); fields && !ctx.protos.empty()) {
        if (fields->defineFromSpec("wslua.expertCount", "kind:integer;db:wslua.expertCount;group:wslua;"
                                   "friendly:Expert infos;help:Expert infos the Lua dissectors added", error) < 0)
            return false;
    }
    for (const auto &proto : ctx.protos) {
        if (!proto->init.valid())
            continue;
        proto->init.push();
        if (!host.call(0, 0, proto->name + ".init")) {
            *error = proto->name + ".init failed: " + host.lastError();
            return false;
        }
    }
    return true;
}

bool wsluaActive(LuaHost &host)
{
    return WsluaContext::from(host.state()).anyDissector();
}

void explainLoadError(std::string &error)
{
    static const char *const tokens[] = {"near '&'", "near '|'", "near '~'", "near '//'", "near '>>'", "near '<<'",
                                         "near '/'", "near '>'", "near '<'"};
    for (const char *t : tokens) {
        if (error.find(t) != std::string::npos && error.find("expected") != std::string::npos) {
            error += " (this looks like Lua 5.3 syntax, as Wireshark 4.4+ scripts may use: luacap runs Lua 5.2; "
                     "use bit32.band/bor/bxor/bnot/lshift/rshift and math.floor(a / b) instead of &, |, ~, <<, >>, //)";
            return;
        }
    }
}

} // namespace luacap::luaapi::wslua

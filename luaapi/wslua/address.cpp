// Address binding: text form, equality, Address.ip() (the state's thread).
#include "wslua/address.h"

#include <arpa/inet.h>
#include <cstdio>
#include <cstring>

#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kAddressMeta[] = "luacap.Address";

std::string addressText(uint8_t kind, const uint8_t *bytes)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (kind == 4)
        inet_ntop(AF_INET, bytes, buf, sizeof buf);
    else if (kind == 6)
        inet_ntop(AF_INET6, bytes, buf, sizeof buf);
    else if (kind == 1)
        std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2], bytes[3],
                      bytes[4], bytes[5]);
    return buf;
}

void pushAddress(lua_State *L, uint8_t kind, const uint8_t *bytes)
{
    auto *a = static_cast<Address *>(lua_newuserdata(L, sizeof(Address)));
    *a = Address{};
    a->kind = kind;
    std::memcpy(a->bytes, bytes, kind == 4 ? 4 : kind == 6 ? 16 : kind == 1 ? 6 : 0);
    setMeta(L, kAddressMeta);
}

namespace {
int toString(lua_State *L, WsluaContext &, Address &a)
{
    lua_pushstring(L, addressText(a.kind, a.bytes).c_str());
    return 1;
}

int equals(lua_State *L, WsluaContext &, Address &a)
{
    auto *b = static_cast<Address *>(testUdata(L, 2, kAddressMeta));
    lua_pushboolean(L, b && a.kind == b->kind && std::memcmp(a.bytes, b->bytes, sizeof a.bytes) == 0);
    return 1;
}

int ip(lua_State *L, WsluaContext &)
{
    const char *text = luaL_checkstring(L, 1);
    uint8_t bytes[16] = {};
    if (inet_pton(AF_INET, text, bytes) == 1)
        pushAddress(L, 4, bytes);
    else if (inet_pton(AF_INET6, text, bytes) == 1)
        pushAddress(L, 6, bytes);
    else
        return luaL_argerror(L, 1, "not an IP address");
    return 1;
}
} // namespace

void registerAddress(lua_State *L, int ctxIdx)
{
    static const luaL_Reg meta[] = {
        {"__tostring", &valueMethod<Address, kAddressMeta, toString>},
        {"__eq", &valueMethod<Address, kAddressMeta, equals>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kAddressMeta, nullptr, meta);
    lua_newtable(L);
    static const luaL_Reg fns[] = {{"ip", &function<ip>}, {nullptr, nullptr}};
    setFunctions(L, ctxIdx, fns);
    lua_setglobal(L, "Address");
}

} // namespace luacap::luaapi::wslua

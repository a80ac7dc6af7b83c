// Channel binding (the packet thread owning the session). One userdata per registration is
// both the buffers' owner and the channel fn sees: it is an upvalue of the parser closure,
// which the session's parser list holds, so the buffers go with the session.
#include "core/lua_channel.h"

#include <string>

#include "core/core_class.h"
#include "core/stream_buffer.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

extern const char kChannelMeta[];
const char kChannelMeta[] = "luacap.Channel";

namespace {
constexpr int64_t kDefaultMaxBytes = 65536;
const char kDead[] = "Channel used outside its parser call (copy the bytes out, not the channel)";

struct ChannelUd {
    LuaHandle handle{false};   // live only while fn runs
    StreamBuffer dirs[2];
    size_t maxBytes = 0;
    int direction = 0;
};

StreamBuffer &in(ChannelUd &c) { return c.dirs[c.direction]; }

void pushBytes(lua_State *L, std::string_view bytes)
{
    lua_pushlstring(L, bytes.data(), bytes.size());
}

int getLine(lua_State *L, ChannelUd &c)
{
    const size_t end = in(c).lineEnd();
    if (end == std::string_view::npos) {
        lua_pushnil(L);
        return 1;
    }
    pushBytes(L, in(c).unread().substr(0, end + 1));
    in(c).consume(end + 1);
    return 1;
}

int get(lua_State *L, ChannelUd &c)
{
    const int64_t n = lua_isnoneornil(L, 2) ? int64_t(in(c).size()) : checkInteger(L, 2);
    luaL_argcheck(L, n >= 0, 2, "byte count must be >= 0");
    if (size_t(n) > in(c).size()) {
        lua_pushnil(L);
        return 1;
    }
    pushBytes(L, in(c).unread().substr(0, size_t(n)));
    in(c).consume(size_t(n));
    return 1;
}

int dup(lua_State *L, ChannelUd &c)
{
    pushBytes(L, in(c).unread());
    return 1;
}

int getInLength(lua_State *L, ChannelUd &c)
{
    lua_pushinteger(L, lua_Integer(in(c).size()));
    return 1;
}

int forward(lua_State *L, ChannelUd &c)
{
    const int64_t n = checkInteger(L, 2);
    luaL_argcheck(L, n >= 0, 2, "byte count must be >= 0");
    lua_pushinteger(L, lua_Integer(in(c).forward(size_t(n))));
    return 1;
}

// Over the bound: the parser leaves the session (returns -1), reported once per parser.
int overflow(lua_State *L, ChannelUd &c)
{
    lua_Debug ar;
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_getinfo(L, ">S", &ar);
    LuaHost::from(L).errors().add("channel parser defined at " + std::string(ar.short_src) + ":" +
                                  std::to_string(ar.linedefined) + ": more than " + std::to_string(c.maxBytes) +
                                  " unread bytes in one direction (Channel.parser maxBytes); parser removed");
    c.dirs[0].clear();
    c.dirs[1].clear();
    lua_pushinteger(L, -1);
    return 1;
}

// The parser closure: (session, data, direction) -> fn's result.
int parse(lua_State *L)
{
    auto *c = static_cast<ChannelUd *>(lua_touserdata(L, lua_upvalueindex(1)));
    const std::string_view data = checkStringView(L, 2);
    c->direction = int(checkInteger(L, 3)) & 1;
    if (!in(*c).append(data, c->maxBytes))
        return overflow(L, *c);
    struct Live {   // dead again however fn ends (a Lua error unwinds through here)
        LuaHandle &h;
        explicit Live(LuaHandle &handle) : h(handle) { h.live = true; }
        ~Live() { h.live = false; }
    } live(c->handle);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 3);
    lua_call(L, 3, 1);
    return 1;
}

int newParser(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const int64_t maxBytes = lua_isnoneornil(L, 2) ? kDefaultMaxBytes : checkInteger(L, 2);
    luaL_argcheck(L, maxBytes >= 1 && maxBytes <= (int64_t(1) << 30), 2, "maxBytes must be 1..2^30");
    auto *c = new (lua_newuserdata(L, sizeof(ChannelUd))) ChannelUd{};
    luaL_setmetatable(L, kChannelMeta);
    c->maxBytes = size_t(maxBytes);
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, &guarded<parse>, 2);
    return 1;
}

int collect(lua_State *L)
{
    static_cast<ChannelUd *>(luaL_checkudata(L, 1, kChannelMeta))->~ChannelUd();
    return 0;
}

template <int (*F)(lua_State *, ChannelUd &)> constexpr lua_CFunction channelMethod = &method<ChannelUd, kChannelMeta, kDead, F>;

const luaL_Reg kMethods[] = {
    {"get_line", channelMethod<getLine>},
    {"get", channelMethod<get>},
    {"dup", channelMethod<dup>},
    {"get_in_length", channelMethod<getInLength>},
    {"forward", channelMethod<forward>},
    {nullptr, nullptr},
};
} // namespace

void registerLuaChannel(lua_State *L)
{
    defineClass(L, kChannelMeta, kMethods, "__gc", &collect);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, &guarded<newParser>);
    lua_setfield(L, -2, "parser");
    lua_setglobal(L, "Channel");
}

} // namespace luacap::luaapi

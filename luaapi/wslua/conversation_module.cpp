// conversation module implementation (the state's thread).
#include "wslua/conversation_module.h"

#include "host/lua_host.h"
#include "wslua/dissection.h"
#include "wslua/pinfo.h"
#include "wslua/proto.h"
#include "wslua/ws_thunk.h"
#include "wslua/wslua_session_state.h"

namespace luacap::luaapi::wslua {

namespace {
// Arguments (proto, pinfo[, value]): the live dissection they belong to and the proto.
Dissection &dissectionOf(lua_State *L, WsluaContext &ctx, const WsProto *&proto)
{
    proto = &checkProto(L, 1, ctx);
    checkPinfo(L, 2, ctx);
    if (!ctx.current() || !ctx.current()->session)
        luaL_error(L, "conversation data needs a packet being dissected");
    return *ctx.current();
}

// The proto's valueRef for the session, from the session state when it keeps it.
int conversationRef(conversation::ConversationStore &store, const Dissection &d, const WsProto &proto)
{
    for (WsluaSessionState::ConversationRef &kept : d.state->conversationRefs) {
        if (kept.proto == &proto)
            return kept.ref;
        if (!kept.proto) {
            kept = {&proto, store.valueRef(d.session, proto.filterName.c_str())};
            return kept.ref;
        }
    }
    return store.valueRef(d.session, proto.filterName.c_str());
}

// get_conv_data: the stored value, or a new empty table (not stored) when none was set, so
// the reference's `if next(conv) == nil` idiom works.
int getConvData(lua_State *L, WsluaContext &ctx)
{
    const WsProto *proto;
    Dissection &d = dissectionOf(L, ctx, proto);
    conversation::ConversationStore &store = LuaHost::from(L).conversations();
    store.pushValue(conversationRef(store, d, *proto));
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
    } else {
        d.state->conversationValue = lua_topointer(L, -1);
    }
    return 1;
}

int setConvData(lua_State *L, WsluaContext &ctx)
{
    const WsProto *proto;
    Dissection &d = dissectionOf(L, ctx, proto);
    const char *key = proto->filterName.c_str();
    luaL_checkany(L, 3);
    LuaHost::from(L).conversations().setConversation(d.session, key, 3);
    return 0;
}

// get_packet_data: the value stored for this frame, or nil.
int getPacketData(lua_State *L, WsluaContext &ctx)
{
    const WsProto *proto;
    Dissection &d = dissectionOf(L, ctx, proto);
    const char *key = proto->filterName.c_str();
    LuaHost::from(L).conversations().pushPacket(d.session, d.meta->frame, key);
    return 1;
}

int setPacketData(lua_State *L, WsluaContext &ctx)
{
    const WsProto *proto;
    Dissection &d = dissectionOf(L, ctx, proto);
    const char *key = proto->filterName.c_str();
    luaL_checkany(L, 3);
    LuaHost::from(L).conversations().setPacket(d.session, d.meta->frame, key, 3);
    return 0;
}

// Conversation.find_from_pinfo(pinfo): the object pinfo.conversation also gives.
int findFromPinfo(lua_State *L, WsluaContext &)
{
    checkPinfo(L, 1);
    lua_getfield(L, 1, "conversation");
    return 1;
}

int preload(lua_State *L)
{
    lua_getglobal(L, "conversation");
    return 1;
}
} // namespace

void registerConversationModule(lua_State *L, int ctxIdx)
{
    static const luaL_Reg fns[] = {
        {"get_conv_data", &function<getConvData>},
        {"set_conv_data", &function<setConvData>},
        {"get_packet_data", &function<getPacketData>},
        {"set_packet_data", &function<setPacketData>},
        {nullptr, nullptr},
    };
    lua_newtable(L);
    setFunctions(L, ctxIdx, fns);
    lua_setglobal(L, "conversation");
    static const luaL_Reg conv[] = {{"find_from_pinfo", &function<findFromPinfo>}, {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, conv);
    lua_setglobal(L, "Conversation");
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, &preload);
    lua_setfield(L, -2, "wslua_conversation");
    lua_pop(L, 2);
}

} // namespace luacap::luaapi::wslua

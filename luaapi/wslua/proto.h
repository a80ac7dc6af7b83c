// Proto binding: Proto(name, desc), its fields/dissector/init/prefs/experts properties and
// proto:register_heuristic. Protos live as long as their state. The state's thread.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi::wslua {

class WsluaContext;

struct WsProto;

extern const char kProtoMeta[];
struct ProtoUd {
    int index;
};
// The proto at idx (a Proto userdata), or null.
WsProto *toProto(lua_State *L, int idx);
WsProto &checkProto(lua_State *L, int idx);
// The same with the context at hand (the packet path: no registry lookup).
WsProto &checkProto(lua_State *L, int idx, WsluaContext &ctx);
void registerProto(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

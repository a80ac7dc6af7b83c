// TreeItem: a node of the packet's tree (Wireshark's TreeItem). Adding a ProtoField value
// also adds it to the session's field of that name. Valid only while its packet is dissected
// ("expired TreeItem" after). The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

#include "wslua/ws_light.h"

namespace luacap::luaapi::wslua {

class WsluaContext;

struct TreeItemUd {
    static constexpr WsLightKind kLightKind = kTreeItemKind;
    uint64_t epoch;
    int node;
};
inline void fromLight(const WsluaContext &, const WsLight &h, TreeItemUd &out) { out = {h.epoch, int(h.slot)}; }

extern const char kTreeItemMeta[];
void pushTreeItem(lua_State *L, uint64_t epoch, int node);
void registerTreeItem(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

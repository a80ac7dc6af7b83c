// TreeItem: a node of the packet's tree (Wireshark's TreeItem). Adding a ProtoField value
// also adds it to the session's field of that name. Valid only while its packet is dissected
// ("expired TreeItem" after). The state's thread.
#pragma once

#include <cstdint>
#include <lua.hpp>

namespace luacap::luaapi::wslua {

struct TreeItemUd {
    uint64_t epoch;
    int node;
};

extern const char kTreeItemMeta[];
void pushTreeItem(lua_State *L, uint64_t epoch, int node);
void registerTreeItem(lua_State *L, int ctxIdx);

} // namespace luacap::luaapi::wslua

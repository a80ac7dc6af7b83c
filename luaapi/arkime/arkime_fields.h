// The `Arkime` table: field lookups and Lua-defined fields (the state's thread).
#pragma once

#include <lua.hpp>

namespace luacap::engine {
struct FieldDef;
}

namespace luacap::luaapi {

void registerArkimeFields(lua_State *L);
// The field named by the expression or id at idx; raises "unknown field expression 'x'".
const engine::FieldDef &checkField(lua_State *L, int idx);

} // namespace luacap::luaapi

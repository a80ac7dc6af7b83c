// Converter and fetch registration (the state's thread, body context).
#include "core/core_functions.h"

#include <string>

#include "core/core_context.h"
#include "fields/field_registry.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

namespace {
// Stores fn (argument 2) under name (argument 1) in core[table]; raises on a duplicate.
std::string store(lua_State *L, const char *function, const char *table)
{
    requireContext(L, function, ContextMask(LuaContext::Body));
    const std::string name(checkStringView(L, 1));
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_getglobal(L, "core");
    lua_getfield(L, -1, table);
    lua_getfield(L, -1, name.c_str());
    if (!lua_isnil(L, -1))
        luaL_error(L, "%s: '%s' is already registered", function, name.c_str());
    lua_pop(L, 1);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, name.c_str());
    lua_pop(L, 2);
    return name;
}

int registerConverters(lua_State *L)
{
    store(L, "core.register_converters", "converters");
    return 0;
}

// The pre-save callback of a fetch field: upvalue 1 the fetch, 2 the adder's name.
int fetchIntoField(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1))
        return 0;
    const int value = lua_gettop(L);
    lua_getfield(L, 1, lua_tostring(L, lua_upvalueindex(2)));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushvalue(L, value);
    lua_call(L, 3, 0);
    return 0;
}

// A global named "core.fetches.NAME" (no script can write it by accident) that pre-save calls.
void addFetchField(lua_State *L, const std::string &name, const engine::FieldDef &field)
{
    const std::string global = "core.fetches." + name;
    lua_pushvalue(L, 2);
    lua_pushstring(L, field.type == engine::FieldType::Integer ? "add_int" : "add_string");
    lua_pushstring(L, field.expression.c_str());
    lua_pushcclosure(L, &guarded<fetchIntoField>, 3);
    lua_setglobal(L, global.c_str());
    lua_getglobal(L, "ArkimeSession");
    lua_getfield(L, -1, "register_pre_save");
    lua_pushstring(L, global.c_str());
    lua_call(L, 1, 0);
    lua_pop(L, 1);
}

int registerFetches(lua_State *L)
{
    const std::string name = store(L, "core.register_fetches", "fetches");
    const engine::FieldRegistry &fields = LuaHost::from(L).fields();
    const int id = fields.idOf("lua." + name);
    if (id >= 0)
        addFetchField(L, name, fields.get(id));
    return 0;
}
} // namespace

void registerCoreFunctions(lua_State *L)
{
    lua_pushcfunction(L, &guarded<registerConverters>);
    lua_setfield(L, -2, "register_converters");
    lua_pushcfunction(L, &guarded<registerFetches>);
    lua_setfield(L, -2, "register_fetches");
    lua_newtable(L);
    lua_setfield(L, -2, "converters");
    lua_newtable(L);
    lua_setfield(L, -2, "fetches");
}

} // namespace luacap::luaapi

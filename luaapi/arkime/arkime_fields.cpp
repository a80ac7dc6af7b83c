// Arkime.expression_to_fieldId and Arkime.define_field. Fields are defined on the main
// thread's load pass; packet-thread states only look them up (the registry is shared
// read-only once packet threads start) and fail if their definition differs.
#include "arkime/arkime_fields.h"

#include <string>

#include "fields/field_registry.h"
#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

const engine::FieldDef &checkField(lua_State *L, int idx)
{
    const engine::FieldRegistry &fields = LuaHost::from(L).fields();
    if (lua_type(L, idx) == LUA_TNUMBER) {
        const int64_t id = checkInteger(L, idx);
        if (id < 0 || id >= int64_t(fields.size()))
            luaL_error(L, "unknown field id %d", int(id));
        return fields.get(int(id));
    }
    const std::string_view expr = checkStringView(L, idx);
    const int id = fields.idOf(expr);
    if (id < 0)
        luaL_error(L, "unknown field expression '%s'", std::string(expr).c_str());
    return fields.get(id);
}

namespace {
int expressionToFieldId(lua_State *L)
{
    lua_pushinteger(L, checkField(L, 1).id);
    return 1;
}

// Packet-thread states: the field must have been defined with the same text on the main pass.
int checkDefinedAlike(lua_State *L, LuaHost &host, const std::string &expr, const std::string &spec)
{
    const Registrations *ref = host.reference();
    bool same = false;
    if (ref)
        for (const auto &[e, d] : ref->fields)
            same = same || (e == expr && d == spec);
    const int id = host.fields().idOf(expr);
    if (!same || id < 0)
        return luaL_error(L, "Arkime.define_field: '%s' with definition '%s' differs from the first load",
                          expr.c_str(), spec.c_str());
    lua_pushinteger(L, id);
    return 1;
}

int defineField(lua_State *L)
{
    LuaHost &host = LuaHost::from(L);
    const std::string expr(checkStringView(L, 1));
    const std::string spec(checkStringView(L, 2));
    if (!host.loading())
        return luaL_error(L, "Arkime.define_field may only be called while a script loads");
    host.registrations().fields.emplace_back(expr, spec);
    if (!host.writableFields())
        return checkDefinedAlike(L, host, expr, spec);
    std::string error;
    const int id = host.writableFields()->defineFromSpec(expr, spec, &error);
    if (id < 0)
        return luaL_error(L, "Arkime.define_field: %s", error.c_str());
    lua_pushinteger(L, id);
    return 1;
}
} // namespace

void registerArkimeFields(lua_State *L)
{
    static const luaL_Reg functions[] = {
        {"expression_to_fieldId", &guarded<expressionToFieldId>},
        {"define_field", &guarded<defineField>},
        {nullptr, nullptr},
    };
    luaL_newlib(L, functions);
    lua_setglobal(L, "Arkime");
}

} // namespace luacap::luaapi

// ProtoField / ProtoExpert bindings and the constant tables (the state's thread).
#include "wslua/proto_field.h"

#include <cstring>
#include <string>

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kProtoFieldMeta[] = "luacap.ProtoField";
const char kProtoExpertMeta[] = "luacap.ProtoExpert";

WsField *toField(lua_State *L, int idx)
{
    auto *ud = static_cast<FieldUd *>(testUdata(L, idx, kProtoFieldMeta));
    return ud ? &WsluaContext::from(L).fields[size_t(ud->index)] : nullptr;
}

WsExpert *toExpert(lua_State *L, int idx)
{
    auto *ud = static_cast<FieldUd *>(testUdata(L, idx, kProtoExpertMeta));
    return ud ? &WsluaContext::from(L).experts[size_t(ud->index)] : nullptr;
}

std::string dbPathOf(const std::string &abbr)
{
    const size_t dot = abbr.find('.');
    if (dot == std::string::npos)
        return abbr;
    std::string rest = abbr.substr(dot + 1);
    for (char &c : rest)
        c = c == '.' ? '_' : c;
    return abbr.substr(0, dot + 1) + rest;
}

namespace {
// The main pass defines the session field; packet threads find the one it defined.
int sessionFieldOf(lua_State *L, const WsField &f)
{
    const char *kind = kindOf(f.type);
    if (!kind)
        return -1;
    LuaHost &host = LuaHost::from(L);
    if (!host.loading())
        luaL_error(L, "ProtoField: fields must be created while the script loads ('%s')", f.abbr.c_str());
    host.registrations().fields.emplace_back(f.abbr, std::string("wslua ") + ftypeName(f.type));
    if (!host.writableFields()) {
        const int id = host.fields().idOf(f.abbr);
        if (id < 0)
            luaL_error(L, "ProtoField '%s' differs from the first load", f.abbr.c_str());
        return id;
    }
    const std::string group = f.abbr.substr(0, f.abbr.find('.'));
    const std::string spec = std::string("kind:") + kind + ";db:" + dbPathOf(f.abbr) + ";group:" + group +
                             ";friendly:" + f.name + ";help:" + (f.description.empty() ? f.name : f.description);
    std::string error;
    const int id = host.writableFields()->defineFromSpec(f.abbr, spec, &error);
    if (id < 0)
        luaL_error(L, "ProtoField '%s': %s", f.abbr.c_str(), error.c_str());
    return id;
}

// A value string: {[1] = "one", ...}, or for bool {"true text", "false text"} (ignored).
void readValues(lua_State *L, int idx, WsField &f)
{
    if (!lua_istable(L, idx) || f.type == FType::Boolean)
        return;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TNUMBER && lua_type(L, -1) == LUA_TSTRING)
            f.values[int64_t(lua_tonumber(L, -2))] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
}

int pushField(lua_State *L, WsluaContext &ctx, WsField f)
{
    if (f.abbr.empty() || f.abbr.find(' ') != std::string::npos)
        return luaL_error(L, "ProtoField: invalid filter name '%s'", f.abbr.c_str());
    for (const WsField &other : ctx.fields)
        if (other.abbr == f.abbr && other.type != f.type)
            return luaL_error(L, "ProtoField '%s' is already registered with another type", f.abbr.c_str());
    f.fieldId = sessionFieldOf(L, f);
    ctx.fields.push_back(std::move(f));
    static_cast<FieldUd *>(lua_newuserdata(L, sizeof(FieldUd)))->index = int(ctx.fields.size() - 1);
    setMeta(L, kProtoFieldMeta);
    return 1;
}

uint64_t optMask(lua_State *L, int idx)
{
    if (lua_isnoneornil(L, idx))
        return 0;
    return uint64_t(luaL_checknumber(L, idx));
}

// ProtoField.uint8(abbr, [name], [base], [valuestring], [mask], [descr]) and the other integers.
template <FType T> int integerField(lua_State *L, WsluaContext &ctx)
{
    WsField f;
    f.type = T;
    f.abbr = luaL_checkstring(L, 1);
    f.name = luaL_optstring(L, 2, f.abbr.c_str());
    f.base = int(luaL_optinteger(L, 3, T == FType::FrameNum ? BaseNone : BaseDec));
    readValues(L, 4, f);
    f.mask = optMask(L, 5);
    f.description = luaL_optstring(L, 6, "");
    return pushField(L, ctx, std::move(f));
}

// ProtoField.bool(abbr, [name], [display], [valuestring], [mask], [descr]).
int boolField(lua_State *L, WsluaContext &ctx)
{
    WsField f;
    f.type = FType::Boolean;
    f.abbr = luaL_checkstring(L, 1);
    f.name = luaL_optstring(L, 2, f.abbr.c_str());
    f.boolBits = int(luaL_optinteger(L, 3, 0));
    f.mask = optMask(L, 5);
    f.description = luaL_optstring(L, 6, "");
    return pushField(L, ctx, std::move(f));
}

// ProtoField.string/stringz/bytes/ubytes(abbr, [name], [display], [descr]); absolute_time too.
template <FType T> int displayField(lua_State *L, WsluaContext &ctx)
{
    WsField f;
    f.type = T;
    f.abbr = luaL_checkstring(L, 1);
    f.name = luaL_optstring(L, 2, f.abbr.c_str());
    f.base = int(luaL_optinteger(L, 3, T == FType::AbsoluteTime ? TimeLocal : BaseNone));
    f.description = luaL_optstring(L, 4, "");
    return pushField(L, ctx, std::move(f));
}

// ProtoField.ipv4/ipv6/ether/float/double/relative_time/protocol/none(abbr, [name], [descr]).
template <FType T> int plainField(lua_State *L, WsluaContext &ctx)
{
    WsField f;
    f.type = T;
    f.abbr = luaL_checkstring(L, 1);
    f.name = luaL_optstring(L, 2, f.abbr.c_str());
    f.description = luaL_optstring(L, 3, "");
    return pushField(L, ctx, std::move(f));
}

// ProtoField.new(name, abbr, ftype, [valuestring], [base], [mask], [descr]).
int newField(lua_State *L, WsluaContext &ctx)
{
    WsField f;
    f.name = luaL_checkstring(L, 1);
    f.abbr = luaL_checkstring(L, 2);
    const lua_Integer t = luaL_checkinteger(L, 3);
    if (t < 0 || t >= lua_Integer(FType::Count))
        return luaL_argerror(L, 3, "unknown ftype");
    f.type = FType(t);
    readValues(L, 4, f);
    if (f.type == FType::Boolean)
        f.boolBits = int(luaL_optinteger(L, 5, 0));
    else
        f.base = int(luaL_optinteger(L, 5, isInteger(f.type) && f.type != FType::FrameNum ? BaseDec : BaseNone));
    f.mask = optMask(L, 6);
    f.description = luaL_optstring(L, 7, "");
    return pushField(L, ctx, std::move(f));
}

int fieldToString(lua_State *L, WsluaContext &ctx, FieldUd &ud)
{
    const WsField &f = ctx.fields[size_t(ud.index)];
    lua_pushfstring(L, "ProtoField(%s): %s %s", f.abbr.c_str(), f.name.c_str(), ftypeName(f.type));
    return 1;
}

// ProtoExpert.new(abbr, text, group, severity).
int newExpert(lua_State *L, WsluaContext &ctx)
{
    WsExpert e;
    e.abbr = luaL_checkstring(L, 1);
    e.text = luaL_checkstring(L, 2);
    e.group = int(luaL_checkinteger(L, 3));
    e.severity = int(luaL_checkinteger(L, 4));
    ctx.experts.push_back(std::move(e));
    static_cast<FieldUd *>(lua_newuserdata(L, sizeof(FieldUd)))->index = int(ctx.experts.size() - 1);
    setMeta(L, kProtoExpertMeta);
    return 1;
}

void setNumbers(lua_State *L, const char *global, std::initializer_list<std::pair<const char *, lua_Number>> values)
{
    if (global)
        lua_createtable(L, 0, int(values.size()));
    for (const auto &[name, v] : values) {
        lua_pushnumber(L, v);
        if (global)
            lua_setfield(L, -2, name);
        else
            lua_setglobal(L, name);
    }
    if (global)
        lua_setglobal(L, global);
}

void registerConstants(lua_State *L)
{
    lua_createtable(L, 0, int(FType::Count));
    for (int t = 0; t < int(FType::Count); ++t) {
        lua_pushinteger(L, t);
        lua_setfield(L, -2, ftypeName(FType(t)) + 3);   // "FT_UINT8" -> ftypes.UINT8
    }
    lua_setglobal(L, "ftypes");
    setNumbers(L, "base", {{"NONE", BaseNone}, {"DEC", BaseDec}, {"HEX", BaseHex}, {"OCT", BaseOct},
                           {"DEC_HEX", BaseDecHex}, {"HEX_DEC", BaseHexDec}, {"DOT", SepDot}, {"DASH", SepDash},
                           {"COLON", SepColon}, {"SPACE", SepSpace}, {"LOCAL", TimeLocal}, {"UTC", TimeUtc},
                           {"DOY_UTC", TimeDoyUtc}, {"UNIT_STRING", 0x1000}, {"RANGE_STRING", 0x100}});
    setNumbers(L, nullptr, {{"ENC_BIG_ENDIAN", 0}, {"ENC_LITTLE_ENDIAN", 0x80000000u}, {"ENC_NA", 0},
                            {"ENC_ASCII", 0}, {"ENC_UTF_8", 2}, {"ENC_STRING", 0x03000000}, {"ENC_HOST_ENDIAN", 0x80000000u},
                            {"PI_CHECKSUM", 0x01000000}, {"PI_SEQUENCE", 0x02000000},
                            {"PI_RESPONSE_CODE", 0x03000000}, {"PI_REQUEST_CODE", 0x04000000},
                            {"PI_UNDECODED", 0x05000000}, {"PI_REASSEMBLE", 0x06000000},
                            {"PI_MALFORMED", 0x07000000}, {"PI_DEBUG", 0x08000000}, {"PI_PROTOCOL", 0x09000000},
                            {"PI_SECURITY", 0x0a000000}, {"PI_COMMENTS_GROUP", 0x0b000000},
                            {"PI_COMMENT", PiComment}, {"PI_CHAT", PiChat}, {"PI_NOTE", PiNote},
                            {"PI_WARN", PiWarn}, {"PI_ERROR", PiError},
                            {"DESEGMENT_ONE_MORE_SEGMENT", 0x0fffffff}});
    // expert.group.* / expert.severity.* mirror the PI_* numbers.
    lua_createtable(L, 0, 2);
    const std::pair<const char *, const char *> groups[] = {
        {"CHECKSUM", "PI_CHECKSUM"}, {"SEQUENCE", "PI_SEQUENCE"}, {"RESPONSE_CODE", "PI_RESPONSE_CODE"},
        {"REQUEST_CODE", "PI_REQUEST_CODE"}, {"UNDECODED", "PI_UNDECODED"}, {"REASSEMBLE", "PI_REASSEMBLE"},
        {"MALFORMED", "PI_MALFORMED"}, {"DEBUG", "PI_DEBUG"}, {"PROTOCOL", "PI_PROTOCOL"},
        {"SECURITY", "PI_SECURITY"}, {"COMMENTS_GROUP", "PI_COMMENTS_GROUP"}};
    const std::pair<const char *, const char *> severities[] = {
        {"COMMENT", "PI_COMMENT"}, {"CHAT", "PI_CHAT"}, {"NOTE", "PI_NOTE"}, {"WARN", "PI_WARN"}, {"ERROR", "PI_ERROR"}};
    lua_newtable(L);
    for (const auto &[k, g] : groups) {
        lua_getglobal(L, g);
        lua_setfield(L, -2, k);
    }
    lua_setfield(L, -2, "group");
    lua_newtable(L);
    for (const auto &[k, g] : severities) {
        lua_getglobal(L, g);
        lua_setfield(L, -2, k);
    }
    lua_setfield(L, -2, "severity");
    lua_setglobal(L, "expert");
}
} // namespace

void registerProtoField(lua_State *L, int ctxIdx)
{
    static const luaL_Reg fns[] = {
        {"new", &function<newField>},
        {"uint8", &function<integerField<FType::UInt8>>},   {"uint16", &function<integerField<FType::UInt16>>},
        {"uint24", &function<integerField<FType::UInt24>>}, {"uint32", &function<integerField<FType::UInt32>>},
        {"uint64", &function<integerField<FType::UInt64>>}, {"int8", &function<integerField<FType::Int8>>},
        {"int16", &function<integerField<FType::Int16>>},   {"int24", &function<integerField<FType::Int24>>},
        {"int32", &function<integerField<FType::Int32>>},   {"int64", &function<integerField<FType::Int64>>},
        {"framenum", &function<integerField<FType::FrameNum>>},
        {"bool", &function<boolField>},
        {"string", &function<displayField<FType::String>>}, {"stringz", &function<displayField<FType::Stringz>>},
        {"bytes", &function<displayField<FType::Bytes>>},   {"ubytes", &function<displayField<FType::UBytes>>},
        {"absolute_time", &function<displayField<FType::AbsoluteTime>>},
        {"relative_time", &function<plainField<FType::RelativeTime>>},
        {"ipv4", &function<plainField<FType::Ipv4>>},       {"ipv6", &function<plainField<FType::Ipv6>>},
        {"ether", &function<plainField<FType::Ether>>},     {"float", &function<plainField<FType::Float>>},
        {"double", &function<plainField<FType::Double>>},   {"protocol", &function<plainField<FType::Protocol>>},
        {"none", &function<plainField<FType::None>>},
        {nullptr, nullptr},
    };
    static const luaL_Reg fieldMeta[] = {{"__tostring", &valueMethod<FieldUd, kProtoFieldMeta, fieldToString>},
                                         {nullptr, nullptr}};
    defineClass(L, ctxIdx, kProtoFieldMeta, nullptr, fieldMeta);
    defineClass(L, ctxIdx, kProtoExpertMeta, nullptr, nullptr);
    lua_newtable(L);
    setFunctions(L, ctxIdx, fns);
    lua_setglobal(L, "ProtoField");
    static const luaL_Reg expertFns[] = {{"new", &function<newExpert>}, {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, expertFns);
    lua_setglobal(L, "ProtoExpert");
    registerConstants(L);
}

} // namespace luacap::luaapi::wslua

// TreeItem binding (the state's thread).
#include "wslua/tree_item.h"

#include <string>

#include "fields/field_registry.h"
#include "host/light_metatable.h"
#include "host/lua_host.h"
#include "session/session.h"
#include "wslua/dissection.h"
#include "wslua/field_extractor.h"
#include "wslua/field_value.h"
#include "wslua/proto.h"
#include "wslua/proto_field.h"
#include "wslua/tvb_range.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kTreeItemMeta[] = "luacap.TreeItem";
namespace {
const char kExpired[] = "expired TreeItem";
}

void pushTreeItem(lua_State *L, uint64_t epoch, int node)
{
    if (uint32_t(node) < kLightSlots) {
        pushWsLight(L, kTreeItemKind, uint32_t(node), epoch);
        return;
    }
    *static_cast<TreeItemUd *>(lua_newuserdata(L, sizeof(TreeItemUd))) = TreeItemUd{epoch, node};
    setMeta(L, kTreeItemMeta);
}

namespace {
// The remaining arguments from idx, concatenated (Wireshark's label texts).
std::string texts(lua_State *L, int idx)
{
    std::string out;
    for (int top = lua_gettop(L); idx <= top; ++idx)
        if (const char *s = lua_tostring(L, idx))
            out += s;
    return out;
}

int addChild(lua_State *L, WsluaContext &ctx, TreeItemUd &item, std::string label)
{
    Dissection &d = *ctx.current();
    const int node = d.wantTree ? d.tree.add(item.node, std::move(label)) : item.node;
    pushTreeItem(L, item.epoch, node);
    return 1;
}

int addField(lua_State *L, WsluaContext &ctx, TreeItemUd &item, const WsField &f, int idx, bool little,
             bool valueArg = true)
{
    const TvbRange *range = toTvbRange(L, idx);
    if (range)
        ++idx;
    FieldValue v;
    if (valueArg && !lua_isnone(L, idx)) {
        v = FieldValue::fromLua(L, idx++, f);
    } else if (range) {
        v = FieldValue::fromRange(f, *range, little);
    } else if (f.type != FType::None && f.type != FType::Protocol) {
        return luaL_error(L, "TreeItem:add: field '%s' needs a TvbRange or a value", f.abbr.c_str());
    }
    Dissection &d = *ctx.current();
    if (f.fieldId >= 0 && d.session)
        v.addTo(d.session->fields, LuaHost::from(L).fields().get(f.fieldId));
    if (f.extractor >= 0)
        recordFieldHit(d, f, v, range);
    if (!d.wantTree)
        return addChild(L, ctx, item, {});
    const std::string text = texts(L, idx);
    return addChild(L, ctx, item, text.empty() ? v.label(f) : text);
}

// add(protofield|proto|tvbrange|text, [tvbrange], [value], [label...]).
template <bool Little> int add(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    if (lua_isnoneornil(L, 2))
        return luaL_error(L, "first argument to TreeItem:add is nil!");
    if (const WsField *f = toField(L, 2))
        return addField(L, ctx, item, *f, 3, Little);
    if (const WsProto *p = toProto(L, 2)) {
        const int idx = toTvbRange(L, 3) ? 4 : 3;
        const std::string text = texts(L, idx);
        return addChild(L, ctx, item, text.empty() ? p->description : text);
    }
    return addChild(L, ctx, item, texts(L, toTvbRange(L, 2) ? 3 : 2));
}

// add_packet_field(protofield, tvbrange, encoding, [label...]).
int addPacketField(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    const WsField *f = toField(L, 2);
    if (!f)
        return luaL_error(L, "TreeField:add_packet_field not passed a ProtoField");
    const TvbRange *range = toTvbRange(L, 3);
    if (!range)
        return luaL_argerror(L, 3, "TvbRange expected");
    const bool little = (uint64_t(luaL_checknumber(L, 4)) & 0x80000000u) != 0;
    lua_remove(L, 4);
    addField(L, ctx, item, *f, 3, little, false);
    lua_pushnil(L);   // Wireshark also returns the value and the next offset; luacap: the item only
    return 1;
}

int appendText(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node)
        d.tree.label(item.node) += luaL_checkstring(L, 2);
    lua_settop(L, 1);
    return 1;
}

int prependText(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node)
        d.tree.label(item.node).insert(0, luaL_checkstring(L, 2));
    lua_settop(L, 1);
    return 1;
}

int setText(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node)
        d.tree.label(item.node) = luaL_checkstring(L, 2);
    lua_settop(L, 1);
    return 1;
}

int getText(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node)
        lua_pushstring(L, d.tree.label(item.node).c_str());
    else
        lua_pushnil(L);
    return 1;
}

int setGenerated(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node && (lua_isnone(L, 2) || lua_toboolean(L, 2)))
        d.tree.setGenerated(item.node);
    lua_settop(L, 1);
    return 1;
}

int setHidden(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    Dissection &d = *ctx.current();
    if (d.wantTree && item.node && (lua_isnone(L, 2) || lua_toboolean(L, 2)))
        d.tree.setHidden(item.node);
    lua_settop(L, 1);
    return 1;
}

int keepSelf(lua_State *L, WsluaContext &, TreeItemUd &)
{
    lua_settop(L, 1);
    return 1;
}

const char *groupName(int group)
{
    static const char *const names[] = {"",          "Checksum", "Sequence", "Response code", "Request code",
                                        "Undecoded", "Reassemble", "Malformed", "Debug",       "Protocol",
                                        "Security",  "Comment"};
    const int i = group >> 24;
    return i >= 0 && i < int(std::size(names)) ? names[i] : "Unknown";
}

const char *severityName(int severity)
{
    switch (severity) {
    case PiComment: return "Comment";
    case PiChat: return "Chat";
    case PiNote: return "Note";
    case PiWarn: return "Warning";
    case PiError: return "Error";
    default: return "Unknown";
    }
}

// Counts the expert info for the session and, for --tree, adds tshark's four generated lines.
void expertInfo(WsluaContext &ctx, TreeItemUd &item, int group, int severity, const std::string &text)
{
    Dissection &d = *ctx.current();
    ++d.experts;
    if (!d.wantTree)
        return;
    const int node = d.tree.add(item.node, std::string("Expert Info (") + severityName(severity) + "/" +
                                               groupName(group) + "): " + text);
    d.tree.setGenerated(node);
    for (const std::string &line : {text, std::string("Severity level: ") + severityName(severity),
                                     std::string("Group: ") + groupName(group)})
        d.tree.setGenerated(d.tree.add(node, line));
}

int addExpertInfo(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    const int group = int(luaL_optinteger(L, 2, 0x08000000));
    const int severity = int(luaL_optinteger(L, 3, PiChat));
    expertInfo(ctx, item, group, severity, luaL_optstring(L, 4, "Expert Info"));
    lua_settop(L, 1);
    return 1;
}

int addProtoExpertInfo(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    const WsExpert *e = toExpert(L, 2);
    if (!e)
        return luaL_argerror(L, 2, "ProtoExpert expected");
    expertInfo(ctx, item, e->group, e->severity, luaL_optstring(L, 3, e->text.c_str()));
    lua_settop(L, 1);
    return 1;
}

// add_tvb_expert_info(expert, tvb, [text]): the range only places the info in Wireshark.
int addTvbExpertInfo(lua_State *L, WsluaContext &ctx, TreeItemUd &item)
{
    const WsExpert *e = toExpert(L, 2);
    if (!e)
        return luaL_argerror(L, 2, "ProtoExpert expected");
    expertInfo(ctx, item, e->group, e->severity, luaL_optstring(L, 4, e->text.c_str()));
    lua_settop(L, 1);
    return 1;
}

template <int (*F)(lua_State *, WsluaContext &, TreeItemUd &)> constexpr lua_CFunction m()
{
    return &liveMethod<TreeItemUd, kTreeItemMeta, kExpired, F>;
}
} // namespace

void registerTreeItem(lua_State *L, int ctxIdx)
{
    static const luaL_Reg methods[] = {
        {"add", m<add<false>>()},
        {"add_le", m<add<true>>()},
        {"add_packet_field", m<addPacketField>()},
        {"append_text", m<appendText>()},
        {"prepend_text", m<prependText>()},
        {"set_text", m<setText>()},
        {"get_text", m<getText>()},
        {"set_generated", m<setGenerated>()},
        {"set_hidden", m<setHidden>()},
        {"set_expert_flags", m<keepSelf>()},
        {"set_len", m<keepSelf>()},
        {"add_expert_info", m<addExpertInfo>()},
        {"add_proto_expert_info", m<addProtoExpertInfo>()},
        {"add_tvb_expert_info", m<addTvbExpertInfo>()},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kTreeItemMeta, methods, nullptr);
    setLightKind(L, kTreeItemKind, kTreeItemMeta);
}

} // namespace luacap::luaapi::wslua

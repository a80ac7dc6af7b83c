// Field binding (the state's thread): extractors are made while scripts load, as Wireshark
// requires; values are gathered when one is called inside a dissector.
#include "wslua/field_extractor.h"

#include <arpa/inet.h>
#include <cstring>

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "session/session.h"
#include "wslua/dissection.h"
#include "wslua/field_info.h"
#include "wslua/tvb_range.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

namespace {
const char kFieldMeta[] = "luacap.Field";

struct ExtractorUd {
    int index;
};

struct PacketFieldName {
    const char *name;
    PacketField field;
    FType type;
};

const PacketFieldName kPacketFields[] = {
    {"frame.number", PacketField::FrameNumber, FType::FrameNum},
    {"frame.len", PacketField::FrameLen, FType::UInt32},
    {"frame.cap_len", PacketField::FrameCapLen, FType::UInt32},
    {"frame.time_epoch", PacketField::FrameTimeEpoch, FType::AbsoluteTime},
    {"ip.src", PacketField::IpSrc, FType::Ipv4},
    {"ip.dst", PacketField::IpDst, FType::Ipv4},
    {"ip.addr", PacketField::IpAddr, FType::Ipv4},
    {"ip.proto", PacketField::IpProto, FType::UInt8},
    {"ipv6.src", PacketField::Ipv6Src, FType::Ipv6},
    {"ipv6.dst", PacketField::Ipv6Dst, FType::Ipv6},
    {"ipv6.addr", PacketField::Ipv6Addr, FType::Ipv6},
    {"tcp.srcport", PacketField::TcpSrcPort, FType::UInt16},
    {"tcp.dstport", PacketField::TcpDstPort, FType::UInt16},
    {"tcp.port", PacketField::TcpPort, FType::UInt16},
    {"udp.srcport", PacketField::UdpSrcPort, FType::UInt16},
    {"udp.dstport", PacketField::UdpDstPort, FType::UInt16},
    {"udp.port", PacketField::UdpPort, FType::UInt16},
};

// Finds what `name` names: a Lua ProtoField first, then a packet field, then a session field
// (by expression, then by record name). False when nothing has that name.
bool resolve(lua_State *L, WsluaContext &ctx, const char *name, FieldExtractor &e)
{
    for (size_t i = 0; i < ctx.fields.size(); ++i) {
        if (ctx.fields[i].abbr == name) {
            e = FieldExtractor{name, FieldSource::Lua, int(i)};
            return true;
        }
    }
    for (const PacketFieldName &p : kPacketFields) {
        if (!std::strcmp(p.name, name)) {
            e = FieldExtractor{name, FieldSource::Packet, int(p.field)};
            return true;
        }
    }
    const engine::FieldRegistry &registry = LuaHost::from(L).fields();
    int id = registry.idOf(name);
    if (id < 0)
        id = registry.idOfDb(name);
    e = FieldExtractor{name, FieldSource::Session, id};
    return id >= 0;
}

int newField(lua_State *L, WsluaContext &ctx)
{
    const char *name = luaL_checkstring(L, 1);
    FieldExtractor e;
    if (!resolve(L, ctx, name, e))
        return luaL_argerror(L, 1, "Field_new: a field with this name must exist");
    if (!LuaHost::from(L).loading())
        return luaL_error(L, "Field_new: A Field extractor must be defined before Taps or Dissectors get called");
    const int index = int(ctx.extractors.size());
    if (e.source == FieldSource::Lua)
        ctx.fields[size_t(e.index)].extractor = index;
    ctx.extractors.push_back(std::move(e));
    static_cast<ExtractorUd *>(lua_newuserdata(L, sizeof(ExtractorUd)))->index = index;
    setMeta(L, kFieldMeta);
    return 1;
}

// Field.list(): every name Field.new accepts that luacap can fill per packet or per session.
int listFields(lua_State *L, WsluaContext &ctx)
{
    lua_newtable(L);
    int n = 0;
    for (const WsField &f : ctx.fields) {
        lua_pushstring(L, f.abbr.c_str());
        lua_rawseti(L, -2, ++n);
    }
    for (const PacketFieldName &p : kPacketFields) {
        lua_pushstring(L, p.name);
        lua_rawseti(L, -2, ++n);
    }
    const engine::FieldRegistry &registry = LuaHost::from(L).fields();
    for (int id = 0; id < int(registry.size()); ++id) {
        lua_pushstring(L, registry.get(id).expression.c_str());
        lua_rawseti(L, -2, ++n);
    }
    return 1;
}

FieldHit &addHit(Dissection &d, int extractor, FType type)
{
    FieldHit &h = d.nextHit();
    h.extractor = extractor;
    h.type = type;
    return h;
}

void addInt(Dissection &d, int extractor, FType type, int64_t v)
{
    FieldHit &h = addHit(d, extractor, type);
    h.value.kind = FieldValue::Kind::Int;
    h.value.i = v;
}

void addAddress(Dissection &d, int extractor, const uint8_t *addr, bool v6)
{
    FieldHit &h = addHit(d, extractor, v6 ? FType::Ipv6 : FType::Ipv4);
    h.value.kind = FieldValue::Kind::Address;
    h.value.addrKind = v6 ? 6 : 4;
    std::memcpy(h.value.addr, addr, v6 ? 16 : 4);
}

void addAddresses(Dissection &d, int extractor, PacketField which, PacketField src, PacketField dst)
{
    const PacketMeta &m = *d.meta;
    const bool v6 = src == PacketField::Ipv6Src;
    if (m.family != (v6 ? engine::AddressFamily::V6 : engine::AddressFamily::V4))
        return;
    if (which != dst)
        addAddress(d, extractor, m.src.data(), v6);
    if (which != src)
        addAddress(d, extractor, m.dst.data(), v6);
}

void addPorts(Dissection &d, int extractor, PacketField which, PacketField src, PacketField dst, uint8_t proto)
{
    const PacketMeta &m = *d.meta;
    if (m.ipProtocol != proto)
        return;
    if (which != dst)
        addInt(d, extractor, FType::UInt16, m.srcPort);
    if (which != src)
        addInt(d, extractor, FType::UInt16, m.dstPort);
}

void addPacketHits(Dissection &d, int extractor, PacketField f)
{
    const PacketMeta &m = *d.meta;
    switch (f) {
    case PacketField::FrameNumber: addInt(d, extractor, FType::FrameNum, m.frame); break;
    case PacketField::FrameLen: addInt(d, extractor, FType::UInt32, m.wireLen); break;
    case PacketField::FrameCapLen: addInt(d, extractor, FType::UInt32, m.capLen); break;
    case PacketField::FrameTimeEpoch: addInt(d, extractor, FType::AbsoluteTime, m.tsUsec); break;
    case PacketField::IpProto:
        if (m.family == engine::AddressFamily::V4)
            addInt(d, extractor, FType::UInt8, m.ipProtocol);
        break;
    case PacketField::IpSrc: case PacketField::IpDst: case PacketField::IpAddr:
        addAddresses(d, extractor, f, PacketField::IpSrc, PacketField::IpDst);
        break;
    case PacketField::Ipv6Src: case PacketField::Ipv6Dst: case PacketField::Ipv6Addr:
        addAddresses(d, extractor, f, PacketField::Ipv6Src, PacketField::Ipv6Dst);
        break;
    case PacketField::TcpSrcPort: case PacketField::TcpDstPort: case PacketField::TcpPort:
        addPorts(d, extractor, f, PacketField::TcpSrcPort, PacketField::TcpDstPort, 6);
        break;
    default:
        addPorts(d, extractor, f, PacketField::UdpSrcPort, PacketField::UdpDstPort, 17);
        break;
    }
}

// A session field: every value the session holds so far (built-in parsers add per session).
void addSessionHits(lua_State *L, Dissection &d, int extractor, int id)
{
    if (!d.session)
        return;
    const engine::FieldDef &def = LuaHost::from(L).fields().get(id);
    const engine::SessionFields &fields = d.session->fields;
    if (const auto *ints = fields.ints(id))
        for (int64_t v : *ints)
            addInt(d, extractor, FType::Int64, v);
    if (const auto *floats = fields.floats(id))
        for (double v : *floats) {
            FieldHit &h = addHit(d, extractor, FType::Double);
            h.value.kind = FieldValue::Kind::Float;
            h.value.f = v;
        }
    const auto *strings = fields.strings(id);
    if (!strings)
        return;
    for (std::string_view s : *strings) {
        uint8_t addr[16];
        if (def.type == engine::FieldType::Ip &&
            inet_pton(s.find(':') == s.npos ? AF_INET : AF_INET6, std::string(s).c_str(), addr) == 1) {
            addAddress(d, extractor, addr, s.find(':') != s.npos);
            continue;
        }
        FieldHit &h = addHit(d, extractor, FType::String);
        h.value.kind = FieldValue::Kind::Text;
        h.value.text = s;
    }
}

// field(): one FieldInfo per value in the packet being dissected, as multiple results.
int callField(lua_State *L, WsluaContext &ctx, ExtractorUd &self)
{
    Dissection *d = ctx.current();
    if (!d)
        return luaL_error(L, "Field__call: Fields cannot be used outside dissectors or taps");
    const FieldExtractor &e = ctx.extractors[size_t(self.index)];
    size_t first = d->hitCount;
    if (e.source == FieldSource::Lua)
        first = 0;
    else if (e.source == FieldSource::Packet)
        addPacketHits(*d, self.index, PacketField(e.index));
    else
        addSessionHits(L, *d, self.index, e.index);
    int n = 0;
    const uint64_t epoch = ctx.liveEpoch();
    for (size_t i = first; i < d->hitCount; ++i) {
        if (d->hits[i].extractor != self.index)
            continue;
        luaL_checkstack(L, 1, "too many field values");
        pushFieldInfo(L, epoch, uint32_t(i));
        ++n;
    }
    return n;
}

int fieldIndex(lua_State *L, WsluaContext &ctx, ExtractorUd &self)
{
    const FieldExtractor &e = ctx.extractors[size_t(self.index)];
    const char *key = luaL_checkstring(L, 2);
    if (!std::strcmp(key, "name")) {
        lua_pushstring(L, e.name.c_str());
    } else if (!std::strcmp(key, "display")) {
        const bool lua = e.source == FieldSource::Lua;
        lua_pushstring(L, lua ? ctx.fields[size_t(e.index)].name.c_str() : e.name.c_str());
    } else if (!std::strcmp(key, "type") && e.source == FieldSource::Lua) {
        lua_pushinteger(L, int(ctx.fields[size_t(e.index)].type));
    } else {
        lua_pushnil(L);
    }
    return 1;
}

int fieldToString(lua_State *L, WsluaContext &ctx, ExtractorUd &self)
{
    lua_pushstring(L, ctx.extractors[size_t(self.index)].name.c_str());
    return 1;
}
} // namespace

void recordFieldHit(Dissection &d, const WsField &f, const FieldValue &v, const TvbRange *range)
{
    FieldHit &h = d.nextHit();
    h.extractor = f.extractor;
    h.type = f.type;
    h.field = &f;
    h.value = v;
    if (range) {
        h.tvbData = range->data;
        h.tvbLen = range->tvbLen;
        h.offset = int32_t(range->offset);
        h.len = range->len;
        h.frameBase = range->data == d.frameTvb ? d.frameOffset : 0;
    }
}

void registerField(lua_State *L, int ctxIdx)
{
    static const luaL_Reg meta[] = {
        {"__call", &valueMethod<ExtractorUd, kFieldMeta, callField>},
        {"__index", &valueMethod<ExtractorUd, kFieldMeta, fieldIndex>},
        {"__tostring", &valueMethod<ExtractorUd, kFieldMeta, fieldToString>},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kFieldMeta, nullptr, meta);
    lua_newtable(L);
    static const luaL_Reg fns[] = {{"new", &function<newField>}, {"list", &function<listFields>}, {nullptr, nullptr}};
    setFunctions(L, ctxIdx, fns);
    lua_setglobal(L, "Field");
}

} // namespace luacap::luaapi::wslua

// ByteArray binding (the state's thread).
#include "wslua/byte_array.h"

#include <cctype>
#include <new>

#include "wslua/dissection.h"
#include "wslua/tvb.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

const char kByteArrayMeta[] = "luacap.ByteArray";

ByteArray &pushByteArray(lua_State *L, const uint8_t *data, size_t len)
{
    auto *b = new (lua_newuserdata(L, sizeof(ByteArray))) ByteArray();
    setMeta(L, kByteArrayMeta);
    b->bytes.assign(reinterpret_cast<const char *>(data), len);
    return *b;
}

namespace {
ByteArray &self(lua_State *L, int idx) { return *static_cast<ByteArray *>(checkUdata(L, idx, kByteArrayMeta)); }

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// ByteArray.new([hex[, separator]]): hex digits, separators (" ", ":", ...) skipped; with
// separator == true the text is taken as raw bytes (Wireshark's second form).
int create(lua_State *L, WsluaContext &)
{
    ByteArray &b = pushByteArray(L, nullptr, 0);
    size_t len = 0;
    const char *text = luaL_optlstring(L, 1, "", &len);
    if (lua_toboolean(L, 2) && lua_type(L, 2) == LUA_TBOOLEAN) {
        b.bytes.assign(text, len);
        return 1;
    }
    int high = -1;
    for (size_t i = 0; i < len; ++i) {
        const int v = hexValue(text[i]);
        if (v < 0)
            continue;
        if (high < 0) {
            high = v;
        } else {
            b.bytes.push_back(char(high << 4 | v));
            high = -1;
        }
    }
    return 1;
}

std::string hex(const std::string &bytes, bool lower, const char *sep)
{
    static const char *const digits[] = {"0123456789ABCDEF", "0123456789abcdef"};
    std::string out;
    for (size_t i = 0; i < bytes.size(); ++i) {
        if (i && sep)
            out += sep;
        out += digits[lower][uint8_t(bytes[i]) >> 4];
        out += digits[lower][uint8_t(bytes[i]) & 15];
    }
    return out;
}

int toString(lua_State *L, WsluaContext &, ByteArray &b)
{
    lua_pushstring(L, hex(b.bytes, false, nullptr).c_str());
    return 1;
}

int toHex(lua_State *L, WsluaContext &, ByteArray &b)
{
    const char *sep = lua_isnoneornil(L, 3) ? nullptr : luaL_checkstring(L, 3);
    lua_pushstring(L, hex(b.bytes, lua_toboolean(L, 2), sep).c_str());
    return 1;
}

int length(lua_State *L, WsluaContext &, ByteArray &b)
{
    lua_pushinteger(L, lua_Integer(b.bytes.size()));
    return 1;
}

int getIndex(lua_State *L, WsluaContext &, ByteArray &b)
{
    const lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 0 || size_t(i) >= b.bytes.size())
        return luaL_argerror(L, 2, "bad index");
    lua_pushinteger(L, uint8_t(b.bytes[size_t(i)]));
    return 1;
}

int setIndex(lua_State *L, WsluaContext &, ByteArray &b)
{
    const lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 0 || size_t(i) >= b.bytes.size())
        return luaL_argerror(L, 2, "bad index");
    b.bytes[size_t(i)] = char(luaL_checkinteger(L, 3));
    return 0;
}

int append(lua_State *L, WsluaContext &, ByteArray &b)
{
    b.bytes += self(L, 2).bytes;
    return 0;
}

int prepend(lua_State *L, WsluaContext &, ByteArray &b)
{
    b.bytes.insert(0, self(L, 2).bytes);
    return 0;
}

int setSize(lua_State *L, WsluaContext &, ByteArray &b)
{
    const lua_Integer n = luaL_checkinteger(L, 2);
    if (n < 0)
        return luaL_argerror(L, 2, "ByteArray size must be non-negative");
    b.bytes.resize(size_t(n), '\0');
    return 0;
}

int subset(lua_State *L, WsluaContext &, ByteArray &b)
{
    const lua_Integer off = luaL_checkinteger(L, 2), len = luaL_checkinteger(L, 3);
    if (off < 0 || len < 0 || size_t(off + len) > b.bytes.size())
        return luaL_error(L, "Out Of Bounds");
    pushByteArray(L, reinterpret_cast<const uint8_t *>(b.bytes.data()) + off, size_t(len));
    return 1;
}

int raw(lua_State *L, WsluaContext &, ByteArray &b)
{
    const lua_Integer off = luaL_optinteger(L, 2, 0);
    const lua_Integer len = luaL_optinteger(L, 3, lua_Integer(b.bytes.size()) - off);
    if (off < 0 || len < 0 || size_t(off + len) > b.bytes.size())
        return luaL_error(L, "Out Of Bounds");
    lua_pushlstring(L, b.bytes.data() + off, size_t(len));
    return 1;
}

int concat(lua_State *L, WsluaContext &, ByteArray &b)
{
    ByteArray &c = pushByteArray(L, reinterpret_cast<const uint8_t *>(b.bytes.data()), b.bytes.size());
    c.bytes += self(L, 2).bytes;
    return 1;
}

int equals(lua_State *L, WsluaContext &, ByteArray &b)
{
    lua_pushboolean(L, b.bytes == self(L, 2).bytes);
    return 1;
}

// The Tvb lives for the current packet's dissection only (its bytes are the packet's scratch).
int tvb(lua_State *L, WsluaContext &ctx, ByteArray &b)
{
    Dissection *d = ctx.current();
    if (!d)
        return luaL_error(L, "ByteArray:tvb() can only be used in a dissector");
    d->scratch.push_back(std::make_unique<std::vector<uint8_t>>(b.bytes.begin(), b.bytes.end()));
    pushTvb(L, ctx, d->scratch.back()->data(), uint32_t(d->scratch.back()->size()));
    return 1;
}

int destroy(lua_State *L)
{
    static_cast<ByteArray *>(lua_touserdata(L, 1))->~ByteArray();
    return 0;
}
} // namespace

void registerByteArray(lua_State *L, int ctxIdx)
{
    static const luaL_Reg methods[] = {
        {"len", &valueMethod<ByteArray, kByteArrayMeta, length>},
        {"get_index", &valueMethod<ByteArray, kByteArrayMeta, getIndex>},
        {"set_index", &valueMethod<ByteArray, kByteArrayMeta, setIndex>},
        {"append", &valueMethod<ByteArray, kByteArrayMeta, append>},
        {"prepend", &valueMethod<ByteArray, kByteArrayMeta, prepend>},
        {"set_size", &valueMethod<ByteArray, kByteArrayMeta, setSize>},
        {"subset", &valueMethod<ByteArray, kByteArrayMeta, subset>},
        {"raw", &valueMethod<ByteArray, kByteArrayMeta, raw>},
        {"tohex", &valueMethod<ByteArray, kByteArrayMeta, toHex>},
        {"tvb", &valueMethod<ByteArray, kByteArrayMeta, tvb>},
        {nullptr, nullptr},
    };
    static const luaL_Reg meta[] = {
        {"__tostring", &valueMethod<ByteArray, kByteArrayMeta, toString>},
        {"__concat", &valueMethod<ByteArray, kByteArrayMeta, concat>},
        {"__eq", &valueMethod<ByteArray, kByteArrayMeta, equals>},
        {"__len", &valueMethod<ByteArray, kByteArrayMeta, length>},
        {"__gc", &destroy},
        {nullptr, nullptr},
    };
    defineClass(L, ctxIdx, kByteArrayMeta, methods, meta);
    static const luaL_Reg statics[] = {{"new", &function<create>}, {nullptr, nullptr}};
    lua_newtable(L);
    setFunctions(L, ctxIdx, statics);
    lua_setglobal(L, "ByteArray");
}

} // namespace luacap::luaapi::wslua

// FieldValue implementation: reading, labelling and storing field values (the state's thread).
#include "wslua/field_value.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "fields/field_def.h"
#include "fields/session_fields.h"
#include "wslua/address.h"
#include "wslua/byte_array.h"
#include "wslua/int64_value.h"
#include "wslua/tvb_range.h"
#include "wslua/ws_field.h"
#include "wslua/ws_thunk.h"

namespace luacap::luaapi::wslua {

namespace {
int64_t signExtend(uint64_t v, uint32_t bytes)
{
    const unsigned shift = 64 - bytes * 8;
    return bytes == 0 ? 0 : shift == 0 ? int64_t(v) : int64_t(v << shift) >> shift;
}

void readInteger(FieldValue &v, const WsField &f, const TvbRange &r, bool little)
{
    if (r.len < 1 || r.len > 8)
        throw std::runtime_error("field '" + f.abbr + "': a " + std::to_string(r.len) +
                                 " byte range cannot hold an integer");
    const uint64_t u = readUnsigned(r.bytes(), r.len, little);
    v.kind = FieldValue::Kind::Int;
    if (f.mask) {
        v.masked = true;
        v.raw = u;
        v.i = int64_t((u & f.mask) >> __builtin_ctzll(f.mask));
    } else {
        v.i = isSigned(f.type) ? signExtend(u, r.len) : int64_t(u);
    }
    if (f.type == FType::Boolean)
        v.i = v.i != 0;
}

void readFloat(FieldValue &v, const WsField &f, const TvbRange &r, bool little)
{
    const uint32_t want = f.type == FType::Float ? 4 : 8;
    if (r.len != want)
        throw std::runtime_error("field '" + f.abbr + "': needs " + std::to_string(want) + " bytes, got " +
                                 std::to_string(r.len));
    const uint64_t u = readUnsigned(r.bytes(), want, little);
    v.kind = FieldValue::Kind::Float;
    if (want == 4) {
        const uint32_t bits = uint32_t(u);
        float x;
        std::memcpy(&x, &bits, 4);
        v.f = x;
    } else {
        std::memcpy(&v.f, &u, 8);
    }
}

void readAddress(FieldValue &v, const WsField &f, const TvbRange &r, bool little)
{
    const uint32_t want = f.type == FType::Ipv4 ? 4 : f.type == FType::Ipv6 ? 16 : 6;
    if (r.len != want)
        throw std::runtime_error("field '" + f.abbr + "': needs " + std::to_string(want) + " bytes, got " +
                                 std::to_string(r.len));
    v.kind = FieldValue::Kind::Address;
    v.addrKind = f.type == FType::Ipv4 ? 4 : f.type == FType::Ipv6 ? 6 : 1;
    for (uint32_t i = 0; i < want; ++i)
        v.addr[i] = r.bytes()[little && want == 4 ? want - 1 - i : i];
}

void readTime(FieldValue &v, const TvbRange &r, bool little)
{
    v.kind = FieldValue::Kind::Time;
    const uint32_t secLen = r.len >= 8 ? 4 : r.len;
    v.f = double(readUnsigned(r.bytes(), secLen, little));
    if (r.len >= 8)
        v.f += double(readUnsigned(r.bytes() + 4, 4, little)) / 1e9;
}
} // namespace

FieldValue FieldValue::fromRange(const WsField &f, const TvbRange &r, bool little)
{
    FieldValue v;
    if (isInteger(f.type)) {
        readInteger(v, f, r, little);
    } else if (f.type == FType::Float || f.type == FType::Double) {
        readFloat(v, f, r, little);
    } else if (f.type == FType::Ipv4 || f.type == FType::Ipv6 || f.type == FType::Ether) {
        readAddress(v, f, r, little);
    } else if (f.type == FType::AbsoluteTime || f.type == FType::RelativeTime) {
        readTime(v, r, little);
    } else if (f.type == FType::String || f.type == FType::Stringz) {
        v.kind = Kind::Text;
        const void *nul = std::memchr(r.bytes(), 0, r.len);
        v.text.assign(reinterpret_cast<const char *>(r.bytes()),
                      nul ? size_t(static_cast<const uint8_t *>(nul) - r.bytes()) : r.len);
    } else if (f.type == FType::Bytes || f.type == FType::UBytes) {
        v.kind = Kind::Bytes;
        v.text.assign(reinterpret_cast<const char *>(r.bytes()), r.len);
    }
    return v;
}

FieldValue FieldValue::fromLua(lua_State *L, int idx, const WsField &f)
{
    FieldValue v;
    if (isInteger(f.type)) {
        v.kind = Kind::Int;
        v.i = lua_isboolean(L, idx) ? lua_toboolean(L, idx) : int64_t(checkUInt64(L, idx));
        if (f.type == FType::Boolean)
            v.i = v.i != 0;
    } else if (f.type == FType::Float || f.type == FType::Double) {
        v.kind = Kind::Float;
        v.f = luaL_checknumber(L, idx);
    } else if (f.type == FType::AbsoluteTime || f.type == FType::RelativeTime) {
        v.kind = Kind::Time;
        v.f = luaL_checknumber(L, idx);
    } else if (f.type == FType::Ipv4 || f.type == FType::Ipv6 || f.type == FType::Ether) {
        auto *a = static_cast<Address *>(testUdata(L, idx, kAddressMeta));
        v.kind = Kind::Address;
        if (a) {
            v.addrKind = a->kind;
            std::memcpy(v.addr, a->bytes, sizeof v.addr);
        } else if (f.type == FType::Ipv4) {
            const uint32_t n = uint32_t(luaL_checknumber(L, idx));
            v.addrKind = 4;
            for (int i = 0; i < 4; ++i)
                v.addr[i] = uint8_t(n >> (24 - 8 * i));
        } else {
            luaL_argerror(L, idx, "an Address expected");
        }
    } else if (f.type == FType::Bytes || f.type == FType::UBytes) {
        v.kind = Kind::Bytes;
        if (auto *b = static_cast<ByteArray *>(testUdata(L, idx, kByteArrayMeta)))
            v.text = b->bytes;
        else
            v.text = luaL_checkstring(L, idx);
    } else if (f.type == FType::String || f.type == FType::Stringz) {
        v.kind = Kind::Text;
        size_t n = 0;
        const char *s = luaL_checklstring(L, idx, &n);
        v.text.assign(s, n);
    }
    return v;
}

std::string FieldValue::integerText(const WsField &f) const
{
    const int width = f.mask ? 0 : 2 * byteWidth(f.type);
    char dec[32], hex[40];
    if (isSigned(f.type))
        std::snprintf(dec, sizeof dec, "%" PRId64, i);
    else
        std::snprintf(dec, sizeof dec, "%" PRIu64, uint64_t(i));
    std::snprintf(hex, sizeof hex, "0x%0*" PRIx64, width, uint64_t(i));
    const auto named = f.values.find(i);
    const bool hexFirst = f.base == BaseHex || f.base == BaseHexDec;
    if (!f.values.empty())
        return (named == f.values.end() ? std::string("Unknown") : named->second) + " (" + (hexFirst ? hex : dec) + ")";
    switch (f.base) {
    case BaseHex: return hex;
    case BaseHexDec: return std::string(hex) + " (" + dec + ")";
    case BaseDecHex: return std::string(dec) + " (" + hex + ")";
    case BaseOct: {
        char oct[32];
        std::snprintf(oct, sizeof oct, "0%" PRIo64, uint64_t(i));
        return oct;
    }
    default: return dec;
    }
}

namespace {
std::string hexBytes(const std::string &bytes, int base)
{
    static const char digits[] = "0123456789abcdef";
    const char sep = base == SepDot ? '.' : base == SepDash ? '-' : base == SepColon ? ':' : base == SepSpace ? ' ' : 0;
    std::string out;
    for (size_t n = 0; n < bytes.size(); ++n) {
        if (n && sep)
            out += sep;
        out += digits[uint8_t(bytes[n]) >> 4];
        out += digits[uint8_t(bytes[n]) & 15];
    }
    return out;
}

std::string absoluteTime(double seconds, int base)
{
    const time_t secs = time_t(seconds);
    const long nanos = long((seconds - double(secs)) * 1e9 + 0.5);
    struct tm tm {};
    if (base == TimeLocal)
        localtime_r(&secs, &tm);
    else
        gmtime_r(&secs, &tm);
    char buf[80], out[120];
    std::strftime(buf, sizeof buf, "%b %e, %Y %H:%M:%S", &tm);
    std::snprintf(out, sizeof out, "%s.%09ld %s", buf, nanos, base == TimeLocal ? tm.tm_zone : "UTC");
    return out;
}

// "0... .... = " over the field's bit width, for masked integers and booleans.
std::string bitPattern(const WsField &f, uint64_t raw)
{
    const int bits = f.type == FType::Boolean && f.boolBits ? f.boolBits : byteWidth(f.type) * 8;
    std::string out;
    for (int b = bits - 1; b >= 0; --b) {
        out += (f.mask >> b) & 1 ? ((raw >> b) & 1 ? '1' : '0') : '.';
        if (b % 4 == 0 && b)
            out += ' ';
    }
    return out + " = ";
}
} // namespace

std::string FieldValue::display(const WsField &f) const
{
    char buf[64];
    switch (kind) {
    case Kind::Int:
        if (f.type == FType::Boolean)
            return i ? "True" : "False";
        return integerText(f);
    case Kind::Float:
        std::snprintf(buf, sizeof buf, "%.*g", f.type == FType::Float ? 6 : 15, this->f);
        return buf;
    case Kind::Time:
        if (f.type == FType::RelativeTime) {
            std::snprintf(buf, sizeof buf, "%.9f seconds", this->f);
            return buf;
        }
        return absoluteTime(this->f, f.base);
    case Kind::Text: return text;
    case Kind::Bytes: return text.empty() ? "<MISSING>" : hexBytes(text, f.base);
    case Kind::Address: return addressText(addrKind, addr);
    case Kind::None: break;
    }
    return "";
}

std::string FieldValue::label(const WsField &f) const
{
    if (kind == Kind::None)
        return f.name;
    const std::string prefix = masked ? bitPattern(f, raw) : "";
    return prefix + f.name + ": " + display(f);
}

void FieldValue::addTo(engine::SessionFields &fields, const engine::FieldDef &def) const
{
    switch (kind) {
    case Kind::Int: fields.addInt(def, i); break;
    case Kind::Float:
    case Kind::Time: fields.addFloat(def, f); break;
    case Kind::Text: fields.addString(def, text); break;
    case Kind::Bytes: fields.addString(def, hexBytes(text, BaseNone)); break;
    case Kind::Address:
        if (addrKind == 1)
            fields.addString(def, addressText(addrKind, addr));
        else
            fields.addIp(def, addr, addrKind == 4 ? 4 : 16);
        break;
    case Kind::None: break;
    }
}

} // namespace luacap::luaapi::wslua

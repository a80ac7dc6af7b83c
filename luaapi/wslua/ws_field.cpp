// WsField helpers: what each ftype is and how its values are stored (any thread).
#include "wslua/ws_field.h"

namespace luacap::luaapi::wslua {

bool isInteger(FType t)
{
    return (t >= FType::UInt8 && t <= FType::Int64) || t == FType::Boolean || t == FType::FrameNum;
}

bool isSigned(FType t)
{
    return t >= FType::Int8 && t <= FType::Int64;
}

int byteWidth(FType t)
{
    switch (t) {
    case FType::UInt8: case FType::Int8: case FType::Boolean: return 1;
    case FType::UInt16: case FType::Int16: return 2;
    case FType::UInt24: case FType::Int24: return 3;
    case FType::UInt32: case FType::Int32: case FType::FrameNum: return 4;
    case FType::UInt64: case FType::Int64: return 8;
    default: return 0;
    }
}

const char *ftypeName(FType t)
{
    static const char *const names[] = {
        "FT_NONE", "FT_PROTOCOL", "FT_BOOLEAN", "FT_UINT8", "FT_UINT16", "FT_UINT24", "FT_UINT32", "FT_UINT64",
        "FT_INT8", "FT_INT16", "FT_INT24", "FT_INT32", "FT_INT64", "FT_FLOAT", "FT_DOUBLE", "FT_ABSOLUTE_TIME",
        "FT_RELATIVE_TIME", "FT_STRING", "FT_STRINGZ", "FT_BYTES", "FT_UINT_BYTES", "FT_IPv4", "FT_IPv6",
        "FT_ETHER", "FT_FRAMENUM"};
    return names[int(t)];
}

const char *kindOf(FType t)
{
    if (isInteger(t))
        return "integer";
    switch (t) {
    case FType::Float: case FType::Double: case FType::AbsoluteTime: case FType::RelativeTime: return "float";
    case FType::Ipv4: case FType::Ipv6: return "ip";
    case FType::String: case FType::Stringz: case FType::Bytes: case FType::UBytes: case FType::Ether:
        return "termfield";
    default: return nullptr;
    }
}

} // namespace luacap::luaapi::wslua

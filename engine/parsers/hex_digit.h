// hexValue: one hexadecimal digit's value, shared by the parsers that undo %XX and =XX escapes.
#pragma once

namespace luacap::engine {

// 0-15, or -1 when c is not a hexadecimal digit.
inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace luacap::engine

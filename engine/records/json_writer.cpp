// JsonWriter: JSON text output with UTF-8 repair; used by the record encoder on packet threads.
#include "records/json_writer.h"

#include <charconv>
#include <cmath>

namespace luacap::engine {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";

void appendEscapedAscii(std::string &out, unsigned char c)
{
    switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
    }
    if (c < 0x20 || c == 0x7f) {
        out += "\\u00";
        out += hexDigits[c >> 4];
        out += hexDigits[c & 0xf];
    } else {
        out += char(c);
    }
}

// Length of the valid UTF-8 sequence starting at s[i] (2-4), or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t validSequence(std::string_view s, size_t i)
{
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else return 0;
    if (i + len > s.size() || b(1) < lo || b(1) > hi)
        return 0;
    for (size_t k = 2; k < len; ++k)
        if (b(k) < 0x80 || b(k) > 0xbf)
            return 0;
    return len;
}

} // namespace

namespace {
inline bool needsNoEscape(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}
} // namespace

void JsonWriter::appendString(std::string &out, std::string_view s)
{
    out += '"';
    for (size_t i = 0; i < s.size();) {
        // Most text needs no escaping: copy such runs whole.
        size_t run = i;
        while (run < s.size() && needsNoEscape(static_cast<unsigned char>(s[run])))
            ++run;
        if (run > i) {
            out.append(s.data() + i, run - i);
            i = run;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            appendEscapedAscii(out, c);
            ++i;
        } else if (const size_t len = validSequence(s, i)) {
            out.append(s.substr(i, len));
            i += len;
        } else {
            out += "\xef\xbf\xbd";   // U+FFFD for each byte that starts no valid sequence
            ++i;
        }
    }
    out += '"';
}

void JsonWriter::beginObject()
{
    separator();
    out_ += '{';
    needComma_ = false;
}

void JsonWriter::endObject()
{
    out_ += '}';
    needComma_ = true;
}

void JsonWriter::beginArray()
{
    separator();
    out_ += '[';
    needComma_ = false;
}

void JsonWriter::endArray()
{
    out_ += ']';
    needComma_ = true;
}

void JsonWriter::key(std::string_view k)
{
    separator();
    appendString(out_, k);
    out_ += ':';
    needComma_ = false;
}

void JsonWriter::value(std::string_view s)
{
    separator();
    appendString(out_, s);
    needComma_ = true;
}

// Digits written backwards two at a time from a table: std::to_chars plus the string append
// cost several times more, and records are mostly integers.
void JsonWriter::appendUnsigned(uint64_t v, bool negative)
{
    static constexpr char pairs[] =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
        "8081828384858687888990919293949596979899";
    char buf[24];
    char *p = buf + sizeof(buf);
    while (v >= 100) {
        const unsigned i = unsigned(v % 100) * 2;
        v /= 100;
        *--p = pairs[i + 1];
        *--p = pairs[i];
    }
    if (v >= 10) {
        *--p = pairs[v * 2 + 1];
        *--p = pairs[v * 2];
    } else {
        *--p = char('0' + v);
    }
    if (negative)
        *--p = '-';
    separator();
    out_.append(p, size_t(buf + sizeof(buf) - p));
    needComma_ = true;
}

void JsonWriter::value(int64_t v)
{
    // Magnitude in unsigned arithmetic, so INT64_MIN does not overflow.
    appendUnsigned(v < 0 ? 0 - uint64_t(v) : uint64_t(v), v < 0);
}

void JsonWriter::value(uint64_t v)
{
    appendUnsigned(v, false);
}

void JsonWriter::value(double v)
{
    if (!std::isfinite(v)) {
        null();
        return;
    }
    separator();
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof(buf), v);   // shortest round-trip form
    out_.append(buf, size_t(r.ptr - buf));
    needComma_ = true;
}

void JsonWriter::value(bool v)
{
    separator();
    out_ += v ? "true" : "false";
    needComma_ = true;
}

void JsonWriter::null()
{
    separator();
    out_ += "null";
    needComma_ = true;
}

void JsonWriter::rawValue(std::string_view json)
{
    separator();
    out_.append(json);
    needComma_ = true;
}

} // namespace luacap::engine

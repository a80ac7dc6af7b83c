// Punycode decoding (RFC 3492 section 6.2), bounded: labels are at most 63 code points here.
#include "parsers/dns/punycode.h"

#include <cstdint>

namespace luacap::engine {

namespace {

constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26, kSkew = 38, kDamp = 700;
constexpr size_t kMaxCodePoints = 256;

int digitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0' + 26;
    if (c >= 'a' && c <= 'z')
        return c - 'a';
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    return -1;
}

uint32_t adapt(uint32_t delta, uint32_t numPoints, bool first)
{
    delta = first ? delta / kDamp : delta / 2;
    delta += delta / numPoints;
    uint32_t k = 0;
    while (delta > ((kBase - kTmin) * kTmax) / 2) {
        delta /= kBase - kTmin;
        k += kBase;
    }
    return k + (kBase - kTmin + 1) * delta / (delta + kSkew);
}

void appendUtf8(std::string &out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

// One generalized variable-length integer (RFC 3492 6.2 inner loop); false on overflow/end.
bool readDelta(std::string_view in, size_t &pos, uint32_t bias, uint32_t &i)
{
    uint32_t w = 1;
    for (uint32_t k = kBase;; k += kBase) {
        if (pos >= in.size())
            return false;
        const int digit = digitValue(in[pos++]);
        if (digit < 0 || uint64_t(digit) * w > UINT32_MAX - i)
            return false;
        i += uint32_t(digit) * w;
        const uint32_t t = k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
        if (uint32_t(digit) < t)
            return true;
        if (uint64_t(w) * (kBase - t) > UINT32_MAX)
            return false;
        w *= kBase - t;
    }
}

} // namespace

bool Punycode::decodeLabel(std::string_view in, std::string &out)
{
    char32_t points[kMaxCodePoints];
    size_t count = 0;
    const size_t delim = in.rfind('-');
    const size_t basicEnd = delim == std::string_view::npos ? 0 : delim;
    for (size_t j = 0; j < basicEnd; ++j) {
        if (static_cast<unsigned char>(in[j]) >= 0x80 || count >= kMaxCodePoints)
            return false;
        points[count++] = char32_t(in[j]);
    }
    uint32_t n = 128, i = 0, bias = 72;
    for (size_t pos = basicEnd ? basicEnd + 1 : 0; pos < in.size();) {
        const uint32_t oldi = i;
        if (!readDelta(in, pos, bias, i) || count >= kMaxCodePoints)
            return false;
        bias = adapt(i - oldi, uint32_t(count + 1), oldi == 0);
        if (i / (count + 1) > 0x10FFFF - n)
            return false;
        n += i / uint32_t(count + 1);
        i %= uint32_t(count + 1);
        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
            return false;
        for (size_t m = count; m > i; --m)
            points[m] = points[m - 1];
        points[i++] = n;
        ++count;
    }
    for (size_t j = 0; j < count; ++j)
        appendUtf8(out, points[j]);
    return true;
}

bool Punycode::hostToUnicode(std::string_view host, std::string &out)
{
    out.clear();
    size_t start = 0;
    while (start <= host.size()) {
        size_t dot = host.find('.', start);
        if (dot == std::string_view::npos)
            dot = host.size();
        const std::string_view label = host.substr(start, dot - start);
        const bool ace = label.size() > 4 && (label[0] | 0x20) == 'x' && (label[1] | 0x20) == 'n' &&
                         label[2] == '-' && label[3] == '-';
        if (ace) {
            if (!decodeLabel(label.substr(4), out))
                return false;
        } else {
            out.append(label);
        }
        if (dot == host.size())
            break;
        out += '.';
        start = dot + 1;
    }
    return true;
}

} // namespace luacap::engine

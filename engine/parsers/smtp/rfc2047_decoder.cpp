// decodeRfc2047 implementation (packet thread): charsets through glibc's iconv.
#include "parsers/smtp/rfc2047_decoder.h"

#include <iconv.h>

#include <cerrno>

#include "parsers/smtp/transfer_decoder.h"

namespace luacap::engine {

namespace {
std::string lower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

// Names mail clients use that iconv spells differently.
std::string iconvName(std::string_view charset)
{
    std::string cs = lower(charset.substr(0, charset.find('*')));   // RFC 2231 language suffix
    if (cs == "ks_c_5601-1987")
        return "CP949";
    if (cs.rfind("windows-", 0) == 0)
        return "CP" + cs.substr(8);
    return cs;
}

bool convert(const std::string &charset, std::string_view in, std::string &out)
{
    if (charset == "utf-8" || charset == "utf8" || ((charset == "us-ascii" || charset == "ascii") && isUtf8(in))) {
        out.append(in);
        return true;
    }
    iconv_t cd = iconv_open("UTF-8", charset.c_str());
    if (cd == iconv_t(-1))
        return false;
    char buf[1024];
    char *src = const_cast<char *>(in.data());
    size_t left = in.size();
    bool ok = true;
    while (left > 0 && ok) {
        char *dst = buf;
        size_t room = sizeof buf;
        const size_t r = iconv(cd, &src, &left, &dst, &room);
        out.append(buf, size_t(dst - buf));
        ok = r != size_t(-1) || errno == E2BIG;
    }
    iconv_close(cd);
    return ok;
}

bool appendPlain(std::string_view text, std::string &out)
{
    if (isUtf8(text)) {
        out.append(text);
        return true;
    }
    return convert("CP1252", text, out);
}

void decodeQ(std::string_view in, std::string &out)
{
    auto hex = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '_') {
            out.push_back(' ');
        } else if (in[i] == '=' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
            out.push_back(char(hex(in[i + 1]) * 16 + hex(in[i + 2])));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
}

bool allSpace(std::string_view s)
{
    for (char c : s)
        if (c != ' ' && c != '\t')
            return false;
    return true;
}

// One encoded word at v[pos] ("=?"); false when malformed or not convertible.
bool decodeWord(std::string_view v, size_t &pos, std::string &out)
{
    const size_t q = v.find('?', pos + 2);
    if (q == std::string_view::npos || v.size() - q < 5)
        return false;
    const size_t end = v.find("?=", q + 3);
    if (end == std::string_view::npos)
        return false;
    const std::string charset = iconvName(v.substr(pos + 2, q - pos - 2));
    const char enc = v[q + 1];
    const std::string_view text = v.substr(q + 3, end - q - 3);
    pos = end + 2;
    if (text.empty())
        return true;
    std::string bytes;
    if (enc == 'B' || enc == 'b')
        TransferDecoder::base64(text, bytes);
    else if (enc == 'Q' || enc == 'q')
        decodeQ(text, bytes);
    else
        return false;
    return convert(charset, bytes, out);
}

std::string cut(std::string s, size_t maxLen)
{
    if (s.size() <= maxLen)
        return s;
    s.resize(maxLen);
    size_t keep = s.size();   // do not end inside a UTF-8 sequence
    while (keep > 0 && (uint8_t(s[keep - 1]) & 0xc0) == 0x80)
        --keep;
    if (keep > 0 && uint8_t(s[keep - 1]) >= 0xc0)
        s.resize(keep - 1);
    return s;
}
} // namespace

bool isUtf8(std::string_view s)
{
    size_t i = 0;
    while (i < s.size()) {
        const uint8_t c = uint8_t(s[i]);
        const int n = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
        if (n < 0 || (n == 1 && c < 0xc2) || i + size_t(n) >= s.size() + (n == 0 ? 1 : 0))
            return false;
        for (int k = 1; k <= n; ++k)
            if ((uint8_t(s[i + size_t(k)]) & 0xc0) != 0x80)
                return false;
        i += size_t(n) + 1;
    }
    return true;
}

std::string decodeRfc2047(std::string_view v, size_t maxLen)
{
    std::string out;
    size_t pos = 0;
    bool afterWord = false;
    while (pos < v.size()) {
        const size_t start = v.find("=?", pos);
        if (start != pos) {
            const size_t end = start == std::string_view::npos ? v.size() : start;
            const std::string_view run = v.substr(pos, end - pos);
            // White space between two encoded words is not text (RFC 2047 6.2); Arkime also
            // drops a single space in front of the first one.
            const bool drop = start != std::string_view::npos && allSpace(run) && (afterWord || run == " ");
            if (!drop && !appendPlain(run, out))
                return cut(std::string(v), maxLen);
            pos = end;
            afterWord = false;
            continue;
        }
        if (!decodeWord(v, pos, out))
            return cut(std::string(v), maxLen);
        afterWord = true;
    }
    if (out.size() > maxLen)
        return cut(std::move(out), maxLen);
    return isUtf8(out) ? out : std::string("Error Decoding");
}

} // namespace luacap::engine

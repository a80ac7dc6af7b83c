// Email header value helpers (packet thread).
#include "parsers/smtp/email_header_values.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstring>

namespace luacap::engine {

namespace {
bool isSpace(char c) { return std::isspace(uint8_t(c)) != 0; }

// Scans a host name starting at i: up to ' ' or ')', keeping what follows the last '@'.
std::string_view hostAt(std::string_view v, size_t &i)
{
    while (i < v.size() && isSpace(v[i]))
        ++i;
    size_t start = i;
    while (i < v.size() && v[i] != ' ' && v[i] != ')') {
        if (v[i] == '@')
            start = i + 1;
        ++i;
    }
    return v.substr(start, i - start);
}

std::string_view bracketAt(std::string_view v, size_t &i)
{
    const size_t start = ++i;
    while (i < v.size() && v[i] != ']')
        ++i;
    return v.substr(start, i - start);
}
} // namespace

std::string_view removeMatching(std::string_view s, char open, char close)
{
    size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    if (i < s.size() && s[i] == open)
        ++i;
    const size_t end = s.find(close, i);
    return s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
}

void forEachAddress(std::string_view v, const std::function<void(std::string_view)> &fn)
{
    size_t i = 0;
    while (i < v.size()) {
        while (i < v.size() && isSpace(v[i]))
            ++i;
        size_t start = i;
        if (i < v.size() && v[i] == '"') {   // a quoted display name
            const size_t q = v.find('"', i + 1);
            i = q == std::string_view::npos ? v.size() : q + 1;
            while (i < v.size() && isSpace(v[i]))
                ++i;
            start = i;
        }
        while (i < v.size() && v[i] != '<' && v[i] != ',')
            ++i;
        if (i < v.size() && v[i] == '<') {
            start = ++i;
            while (i < v.size() && v[i] != '>')
                ++i;
        }
        if (i > start)
            fn(v.substr(start, i - start));
        while (i < v.size() && v[i] != ',')
            ++i;
        if (i < v.size())
            ++i;
    }
}

void forEachReceived(std::string_view v, const std::function<void(std::string_view)> &host,
                     const std::function<void(std::string_view)> &ip)
{
    size_t i = 0;
    while (i < v.size()) {
        if (v.size() - i > 10) {
            if (v.compare(i, 5, "from ") == 0 && (i == 0 || v[i - 1] != '-')) {
                i += 5;
                while (i < v.size() && isSpace(v[i]))
                    ++i;
                if (i < v.size() && v[i] == '[') {
                    ip(bracketAt(v, i));
                    ++i;
                    continue;
                }
                if (const std::string_view h = hostAt(v, i); !h.empty())
                    host(h);
            } else if (v.compare(i, 3, "by ") == 0) {
                i += 3;
                if (const std::string_view h = hostAt(v, i); !h.empty())
                    host(h);
            }
        }
        if (i < v.size() && v[i] == '[')
            ip(bracketAt(v, i));
        ++i;
    }
}

int parseIpText(std::string_view text, uint8_t out[16])
{
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    if (text.size() > 5 && (text.substr(0, 5) == "IPv6:" || text.substr(0, 5) == "ipv6:"))
        text.remove_prefix(5);   // RFC 5321 address literal
    char buf[64];
    if (text.empty() || text.size() >= sizeof buf)
        return 0;
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = 0;
    in_addr v4{};
    if (std::strchr(buf, ':') == nullptr && inet_aton(buf, &v4) == 1) {
        std::memcpy(out, &v4.s_addr, 4);
        return 4;
    }
    return inet_pton(AF_INET6, buf, out) == 1 ? 16 : 0;
}

} // namespace luacap::engine

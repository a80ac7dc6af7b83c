// applyParserIni implementation (main thread, start-up).
#include "parsers/parser_config_ini.h"

#include <cctype>
#include <cstdlib>

#include "config/ini_file.h"

namespace luacap::engine {

namespace {
bool isTrue(const std::string &v)
{
    return v == "true" || v == "TRUE" || v == "True" || v == "1" || v == "yes";
}

std::vector<std::string> splitList(const std::string &v)
{
    std::vector<std::string> out;
    std::string part;
    for (char c : v + ";") {
        if (c == ';' || c == ',') {
            while (!part.empty() && part.back() == ' ')
                part.pop_back();
            if (!part.empty())
                out.push_back(part);
            part.clear();
        } else if (c != ' ' || !part.empty()) {
            part.push_back(c);
        }
    }
    return out;
}

void applyKey(const IniEntry &e, ParserConfig &c)
{
    const std::string &k = e.key, &v = e.value;
    if (k == "parseHTTPHeaderRequestAll") c.parseHttpHeaderRequestAll = isTrue(v);
    else if (k == "parseHTTPHeaderResponseAll") c.parseHttpHeaderResponseAll = isTrue(v);
    else if (k == "parseSMTPHeaderAll") c.parseSmtpHeaderAll = isTrue(v);
    else if (k == "supportSha256") c.supportSha256 = isTrue(v);
    else if (k == "parseCookieValue") c.parseCookieValue = isTrue(v);
    else if (k == "parseQSValue") c.parseQsValue = isTrue(v);
    else if (k == "dnsOutputAnswers") c.dnsOutputAnswers = isTrue(v);
    else if (k == "ja4Raw") c.ja4Raw = isTrue(v);
    else if (k == "ja3Strings") c.ja3Strings = isTrue(v);
    else if (k == "maxReqBody") c.maxReqBody = unsigned(std::strtoul(v.c_str(), nullptr, 10));
    else if (k == "disableParsers") c.disabled = splitList(v);
    else if (k == "smtpIpHeaders") c.smtpIpHeaders = splitList(v);
}

void applyHeaders(const IniSection *s, std::vector<std::pair<std::string, std::string>> &out)
{
    if (!s)
        return;
    out.clear();
    for (const IniEntry &e : s->entries) {
        std::string name = e.key;
        for (char &ch : name)
            ch = char(std::tolower(uint8_t(ch)));
        out.emplace_back(name, e.value);
    }
}
} // namespace

void applyParserIni(const IniFile &ini, const std::string &node, ParserConfig &config)
{
    for (const std::string &name : {std::string("default"), node}) {
        const IniSection *s = name.empty() ? nullptr : ini.section(name);
        if (!s)
            continue;
        for (const IniEntry &e : s->entries)
            applyKey(e, config);
    }
    applyHeaders(ini.section("headers-http-request"), config.httpRequestHeaderFields);
    applyHeaders(ini.section("headers-http-response"), config.httpResponseHeaderFields);
    applyHeaders(ini.section("headers-email"), config.emailHeaderFields);
}

} // namespace luacap::engine

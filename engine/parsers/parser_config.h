// ParserConfig: settings of the built-in parsers (Arkime's key names), read at start-up.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace luacap::engine {

struct ParserConfig {
    bool enabled = true;                       // --no-parsers turns every built-in parser off
    std::vector<std::string> disabled;         // Arkime disableParsers: names not to register
    bool parseHttpHeaderRequestAll = false;    // Arkime parseHTTPHeaderRequestAll
    bool parseHttpHeaderResponseAll = false;   // Arkime parseHTTPHeaderResponseAll
    std::vector<std::string> httpRequestHeaders = {"accept", "content-type", "origin", "referer"};
    std::vector<std::string> httpResponseHeaders = {"content-type", "location", "server"};
    bool parseSmtpHeaderAll = false;           // Arkime parseSMTPHeaderAll
    bool supportSha256 = false;                // Arkime supportSha256: http/email sha256 too
    bool parseCookieValue = false;             // Arkime parseCookieValue
    bool parseQsValue = false;                 // Arkime parseQSValue
    bool dnsOutputAnswers = false;             // Arkime dnsOutputAnswers
    bool ja4Raw = false;                       // Arkime ja4Raw
    bool ja3Strings = false;                   // Arkime ja3Strings
    unsigned maxReqBody = 256;                 // Arkime maxReqBody
    // Arkime [headers-http-request], [headers-http-response], [headers-email]: header name
    // (lower case) -> field spec ("type:string;count:true", "type:integer", "kind:...").
    // Each configured header gets its own field (http.request-<name>, http.response-<name>,
    // email.header-<name>) instead of the requestHeaderField/Value lists.
    std::vector<std::pair<std::string, std::string>> httpRequestHeaderFields;
    std::vector<std::pair<std::string, std::string>> httpResponseHeaderFields;
    std::vector<std::pair<std::string, std::string>> emailHeaderFields;
    // Arkime smtpIpHeaders: headers whose value is an IP address (email.ip).
    std::vector<std::string> smtpIpHeaders;
};

} // namespace luacap::engine

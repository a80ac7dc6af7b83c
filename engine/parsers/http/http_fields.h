// HttpFields: the field ids and settings the HTTP parser shares, read-only, with every packet
// thread. Built once at registration (main thread) by registerHttpParser.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

namespace luacap::engine {

class FieldRegistry;
struct ParserConfig;

struct HttpFields {
    const FieldRegistry *registry = nullptr;   // outlives the packet threads; read-only then
    // Arkime http.* fields (ids in the FieldRegistry).
    int method = -1, uri = -1, path = -1, host = -1, statuscode = -1, useragent = -1;
    int clientVersion = -1, serverVersion = -1, requestHeader = -1, responseHeader = -1;
    int requestHeaderField = -1, requestHeaderValue = -1, responseHeaderField = -1, responseHeaderValue = -1;
    int md5 = -1, sha256 = -1, cookieKey = -1, cookieValue = -1, key = -1, value = -1, xffIp = -1;
    int requestBody = -1, user = -1, authType = -1, bodyMagic = -1;
    int protocol = -1, tags = -1;
    std::vector<int> methodCount;   // http.method-<METHOD> per http_parser method number, -1 if none

    // Headers that have a field of their own (x-forwarded-for, user-agent, host and the
    // configured [headers-http-*] ones): lower-case name -> field id.
    std::unordered_map<std::string, int> requestHeaders, responseHeaders;

    bool requestHeaderAll = false, responseHeaderAll = false;
    bool sha256Enabled = false, cookieValues = false, qsValues = false;
    unsigned maxReqBody = 256;

    // Defines every field in registry; false with error set on a conflicting definition.
    bool define(const ParserConfig &config, FieldRegistry &registry, std::string *error);
};

} // namespace luacap::engine

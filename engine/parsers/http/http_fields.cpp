// HttpFields: Arkime's http.* field definitions (main thread, start-up).
#include "parsers/http/http_fields.h"

#include <http_parser.h>

#include "fields/field_registry.h"
#include "parsers/http/header_field_spec.h"
#include "parsers/parser_config.h"

namespace luacap::engine {

namespace {
struct Spec {
    int HttpFields::*id;
    const char *expression;
    const char *spec;
};

// Expressions, db paths, kinds and counts as Arkime's http parser defines them.
const Spec kSpecs[] = {
    {&HttpFields::host, "host.http", "kind:lotermfield;db:http.host;group:http;count:true;help:HTTP host header field"},
    {&HttpFields::uri, "http.uri", "kind:termfield;db:http.uri;group:http;count:true;help:URIs for request"},
    {&HttpFields::xffIp, "ip.xff", "kind:ip;db:http.xffIp;group:http;count:true;help:X-Forwarded-For Header"},
    {&HttpFields::useragent, "http.user-agent", "kind:termfield;db:http.useragent;group:http;count:true;help:User-Agent Header"},
    {&HttpFields::requestHeader, "http.hasheader.src", "kind:lotermfield;db:http.requestHeader;group:http;count:true;help:Request has header present"},
    {&HttpFields::responseHeader, "http.hasheader.dst", "kind:lotermfield;db:http.responseHeader;group:http;count:true;help:Response has header present"},
    {&HttpFields::md5, "http.md5", "kind:lotermfield;db:http.md5;group:http;count:true;help:MD5 of http body"},
    {&HttpFields::clientVersion, "http.version.src", "kind:termfield;db:http.clientVersion;group:http;count:true;help:Request HTTP version number"},
    {&HttpFields::serverVersion, "http.version.dst", "kind:termfield;db:http.serverVersion;group:http;count:true;help:Response HTTP version number"},
    {&HttpFields::path, "http.uri.path", "kind:termfield;db:http.path;group:http;count:true;help:Path portion of URI"},
    {&HttpFields::key, "http.uri.key", "kind:termfield;db:http.key;group:http;count:true;help:Keys from query string of URI"},
    {&HttpFields::value, "http.uri.value", "kind:termfield;db:http.value;group:http;count:true;help:Values from query string of URI"},
    {&HttpFields::cookieKey, "http.cookie.key", "kind:termfield;db:http.cookieKey;group:http;count:true;help:The keys to cookies sent up in requests"},
    {&HttpFields::cookieValue, "http.cookie.value", "kind:termfield;db:http.cookieValue;group:http;count:true;help:The values to cookies sent up in requests"},
    {&HttpFields::method, "http.method", "kind:termfield;db:http.method;group:http;count:true;help:HTTP Request Method"},
    {&HttpFields::user, "http.user", "kind:termfield;db:http.user;group:http;count:true;help:HTTP Auth User"},
    {&HttpFields::authType, "http.authtype", "kind:lotermfield;db:http.authType;group:http;count:true;help:HTTP Auth Type"},
    {&HttpFields::statuscode, "http.statuscode", "kind:integer;db:http.statuscode;group:http;count:true;help:Response HTTP numeric status code"},
    {&HttpFields::requestBody, "http.reqbody", "kind:termfield;db:http.requestBody;group:http;help:HTTP Request Body"},
    {&HttpFields::bodyMagic, "http.bodymagic", "kind:termfield;db:http.bodyMagic;group:http;count:true;help:The content type of body determined by magic"},
};

// http.method-GET and friends: how many requests used each method (one integer each).
bool defineMethodCounts(HttpFields &f, FieldRegistry &registry, std::string *error)
{
    for (unsigned m = 0;; ++m) {
        const char *name = http_method_str(http_method(m));
        if (!name || std::string(name) == "<unknown>")
            break;
        FieldDef def;
        def.expression = std::string("http.method-") + name;
        def.dbField = def.expression;
        def.kind = "integer";
        def.group = "http";
        def.help = std::string("Number of ") + name + " requests";
        def.type = FieldType::Integer;
        def.flags = FieldSingle;
        const int id = registry.define(def, error);
        if (id < 0)
            return false;
        f.methodCount.push_back(id);
    }
    return true;
}

// Arkime keeps the header name/value lists as arrays: a header sent twice is listed twice.
int defineArray(FieldRegistry &registry, const char *expression, const char *db, bool count, const char *help,
                std::string *error)
{
    FieldDef def;
    def.expression = expression;
    def.dbField = db;
    def.kind = "lotermfield";
    def.group = "http";
    def.help = help;
    def.type = FieldType::String;
    def.flags = FieldLowercase | FieldArray | (count ? FieldCnt : 0u);
    return registry.define(def, error);
}

bool defineArrays(HttpFields &f, FieldRegistry &registry, std::string *error)
{
    f.requestHeaderField = defineArray(registry, "http.hasheader.src.field", "http.requestHeaderField", false,
                                       "Request header names (parseHTTPHeaderRequestAll)", error);
    f.requestHeaderValue = defineArray(registry, "http.hasheader.src.value", "http.requestHeaderValue", true,
                                       "Request header values (parseHTTPHeaderRequestAll)", error);
    f.responseHeaderField = defineArray(registry, "http.hasheader.dst.field", "http.responseHeaderField", false,
                                        "Response header names (parseHTTPHeaderResponseAll)", error);
    f.responseHeaderValue = defineArray(registry, "http.hasheader.dst.value", "http.responseHeaderValue", true,
                                        "Response header values (parseHTTPHeaderResponseAll)", error);
    return f.requestHeaderField >= 0 && f.requestHeaderValue >= 0 && f.responseHeaderField >= 0 &&
           f.responseHeaderValue >= 0;
}

bool defineHeaders(const std::vector<std::pair<std::string, std::string>> &headers, const char *dbPrefix,
                   std::unordered_map<std::string, int> &out, FieldRegistry &registry, std::string *error)
{
    for (const auto &[name, spec] : headers) {
        const std::string db = std::string(dbPrefix) + name;
        const int id = registry.defineFromSpec(db, headerFieldSpec("http", db, spec), error);
        if (id < 0)
            return false;
        out[name] = id;
    }
    return true;
}
} // namespace

bool HttpFields::define(const ParserConfig &config, FieldRegistry &registry, std::string *error)
{
    for (const Spec &s : kSpecs) {
        this->*s.id = registry.defineFromSpec(s.expression, s.spec, error);
        if (this->*s.id < 0)
            return false;
    }
    if (!defineArrays(*this, registry, error))
        return false;
    if (config.supportSha256) {
        sha256 = registry.defineFromSpec("http.sha256", "kind:lotermfield;db:http.sha256;group:http;count:true;help:SHA256 of http body", error);
        if (sha256 < 0)
            return false;
    }
    protocol = FieldRegistry::Protocol;
    tags = FieldRegistry::Tags;
    requestHeaders = {{"x-forwarded-for", xffIp}, {"user-agent", useragent}, {"host", host}};
    if (!defineMethodCounts(*this, registry, error) ||
        !defineHeaders(config.httpRequestHeaderFields, "http.request-", requestHeaders, registry, error) ||
        !defineHeaders(config.httpResponseHeaderFields, "http.response-", responseHeaders, registry, error))
        return false;
    requestHeaderAll = config.parseHttpHeaderRequestAll;
    responseHeaderAll = config.parseHttpHeaderResponseAll;
    sha256Enabled = config.supportSha256;
    cookieValues = config.parseCookieValue;
    qsValues = config.parseQsValue;
    maxReqBody = config.maxReqBody;
    return true;
}

} // namespace luacap::engine

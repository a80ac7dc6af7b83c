// HttpParser implementation (packet thread): libhttp-parser callbacks -> http.* fields and
// HttpObserver events. Field rules follow Arkime's http parser (see docs/parsers/http.md).
#include "parsers/http/http_parser.h"

#include "parsers/hex_digit.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fields/field_registry.h"
#include "parsers/body_magic.h"
#include "parsers/http/http_app_protocol.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
template <int (HttpParser::*Cb)(int)>
int notifyCb(http_parser *p)
{
    int dir = 0;
    HttpParser *self = HttpParser::owner(p, dir);
    return (self->*Cb)(dir);
}

template <int (HttpParser::*Cb)(int, const char *, size_t)>
int dataCb(http_parser *p, const char *at, size_t len)
{
    int dir = 0;
    HttpParser *self = HttpParser::owner(p, dir);
    return (self->*Cb)(dir, at, len);
}

int statusCb(http_parser *p, const char *, size_t)
{
    int dir = 0;
    return HttpParser::owner(p, dir)->cbStatus(dir);
}

const http_parser_settings &settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings x{};
        x.on_message_begin = notifyCb<&HttpParser::cbMessageBegin>;
        x.on_url = dataCb<&HttpParser::cbUrl>;
        x.on_status = statusCb;
        x.on_header_field = dataCb<&HttpParser::cbHeaderField>;
        x.on_header_value = dataCb<&HttpParser::cbHeaderValue>;
        x.on_headers_complete = notifyCb<&HttpParser::cbHeadersComplete>;
        x.on_body = dataCb<&HttpParser::cbBody>;
        x.on_message_complete = notifyCb<&HttpParser::cbMessageComplete>;
        return x;
    }();
    return s;
}

void appendBounded(std::string &s, const char *at, size_t len, size_t max, bool *truncated = nullptr)
{
    const size_t room = s.size() < max ? max - s.size() : 0;
    if (len > room && truncated)
        *truncated = true;
    s.append(at, std::min(len, room));
}

std::string_view trimLeft(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r' || v.front() == '\n'))
        v.remove_prefix(1);
    return v;
}

std::string_view trim(std::string_view v)
{
    v = trimLeft(v);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    return v;
}

void lowerInPlace(std::string &s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
}

// Percent-decodes in; false when an escape is malformed or decodes to NUL (glib's
// g_uri_unescape_segment refuses those too, and the raw text is kept instead).
bool percentDecode(std::string_view in, std::string &out)
{
    out.clear();
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size())
            return false;
        const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
            return false;
        out.push_back(char(hi * 16 + lo));
        i += 2;
    }
    return true;
}

bool isCaseless(std::string_view a, const char *b)
{
    const size_t n = std::strlen(b);
    if (a.size() != n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

// Arkime tags a body holding "password=", "passwd=" or "pass=" in any case. All three start
// with "pass", so one scan for a p finds them (three std::tolower scans were a tenth of a
// replay with parsers). Only ASCII letters fold, as std::tolower did for these letters.
bool mentionsPassword(const char *at, size_t len)
{
    const auto startsWith = [&](size_t i, std::string_view needle) {
        if (len - i < needle.size())
            return false;
        for (size_t j = 0; j < needle.size(); ++j) {
            const char c = at[i + j];
            if ((c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) != needle[j])
                return false;
        }
        return true;
    };
    // memchr is vectorised: bodies are mostly bytes that cannot start the word.
    for (const char first : {'p', 'P'}) {
        for (const char *p = at; len >= 5 && p + 5 <= at + len;) {
            p = static_cast<const char *>(std::memchr(p, first, size_t(at + len - 4 - p)));
            if (!p)
                break;
            const size_t i = size_t(p - at);
            if (startsWith(i, "pass=") || startsWith(i, "passwd=") || startsWith(i, "password="))
                return true;
            ++p;
        }
    }
    return false;
}
} // namespace

HttpParser::HttpParser(const HttpFields &fields, const HttpObserverList *observers) : f_(fields), sink_(observers)
{
    for (Direction &d : dirs_) {
        http_parser_init(&d.parser, HTTP_BOTH);
        d.parser.data = this;
    }
}

HttpParser *HttpParser::owner(http_parser *p, int &dir)
{
    auto *self = static_cast<HttpParser *>(p->data);
    dir = p == &self->dirs_[0].parser ? 0 : 1;
    return self;
}

int HttpParser::eventDir(int dir) const
{
    const http_parser &p = dirs_[size_t(dir)].parser;
    if (p.type == HTTP_REQUEST)
        return 0;
    if (p.type == HTTP_RESPONSE)
        return 1;
    return p.status_code ? 1 : 0;
}

void HttpParser::notify(int dir, HttpEvent e, const char *data, size_t len)
{
    if (!sink_.wants(httpEventBit(e)))
        return;
    sink_.event(*session_, e, eventDir(dir), reinterpret_cast<const uint8_t *>(data), uint32_t(len));
}

void HttpParser::addStr(int field, std::string_view v)
{
    session_->fields.addString(f_.registry->get(field), v);
}

void HttpParser::addTag(std::string_view tag) { addStr(f_.tags, tag); }

// ---- libhttp-parser callbacks -------------------------------------------------------------

int HttpParser::cbMessageBegin(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    d.beginPending = true;
    d.urlPending = false;
    d.inValue = d.inBody = false;
    d.headerField = -1;
    d.special = Special::None;
    d.name.clear();
    d.value.clear();
    d.md5.reset();
    if (d.sha256)
        d.sha256->reset();
    return 0;
}

void HttpParser::flushBegin(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.beginPending)
        return;
    d.beginPending = false;
    if (isRequest(dir)) {
        const char *m = http_method_str(http_method(d.parser.method));
        notify(dir, HttpEvent::MessageBegin, m, std::strlen(m));
    } else {
        notify(dir, HttpEvent::MessageBegin);
    }
}

int HttpParser::cbUrl(int dir, const char *at, size_t len)
{
    flushBegin(dir);
    dirs_[size_t(dir)].urlPending = true;
    appendBounded(url_, at, len, kMaxUrl, &urlTruncated_);
    return 0;
}

int HttpParser::cbStatus(int dir)
{
    flushBegin(dir);
    return 0;
}

void HttpParser::flushUrl(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.urlPending)
        return;
    d.urlPending = false;
    notify(dir, HttpEvent::Url, url_.data(), url_.size());
}

int HttpParser::cbHeaderField(int dir, const char *at, size_t len)
{
    flushBegin(dir);
    flushUrl(dir);
    Direction &d = dirs_[size_t(dir)];
    if (d.inValue) {
        headerValueDone(dir);
        d.inValue = false;
        d.name.clear();
    }
    appendBounded(d.name, at, len, kMaxHeaderName);
    return 0;
}

int HttpParser::cbHeaderValue(int dir, const char *at, size_t len)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.inValue) {
        headerNameDone(dir);
        d.inValue = true;
    }
    if (len > 0)   // libhttp-parser reports empty pieces at segment edges; listeners need not see them
        notify(dir, HttpEvent::HeaderValue, at, len);
    switch (d.special) {
    case Special::Host: hostSeen_ = true; appendBounded(host_, at, len, kMaxValue); break;
    case Special::Cookie: appendBounded(cookie_, at, len, kMaxValue); break;
    case Special::Authorization: appendBounded(auth_, at, len, kMaxValue); break;
    case Special::None: break;
    }
    if (d.keepValue)
        appendBounded(d.value, at, len, kMaxValue);
    return 0;
}

void HttpParser::headerNameDone(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    lower_.assign(d.name);
    lowerInPlace(lower_);
    notify(dir, HttpEvent::HeaderField, lower_.data(), lower_.size());
    notify(dir, HttpEvent::HeaderFieldRaw, d.name.data(), d.name.size());
    const bool request = isRequest(dir);
    addStr(request ? f_.requestHeader : f_.responseHeader, lower_);
    const auto &own = request ? f_.requestHeaders : f_.responseHeaders;
    const auto it = own.find(lower_);
    d.headerField = it == own.end() ? -1 : it->second;
    d.keepValue = d.headerField >= 0 || (request ? f_.requestHeaderAll : f_.responseHeaderAll);
    d.special = Special::None;
    if (request && lower_ == "host")
        d.special = Special::Host;
    else if (request && lower_ == "cookie")
        d.special = Special::Cookie;
    else if (request && lower_ == "authorization")
        d.special = Special::Authorization;
    d.value.clear();
}

void HttpParser::headerValueDone(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.keepValue)
        return;
    if (d.headerField >= 0) {
        addHeaderValue(d.headerField, d.value);
    } else {
        const bool request = isRequest(dir);
        addStr(request ? f_.requestHeaderField : f_.responseHeaderField, lower_);
        addStr(request ? f_.requestHeaderValue : f_.responseHeaderValue, trim(d.value));
    }
    d.value.clear();
    d.keepValue = false;
}

void HttpParser::addHeaderValue(int field, std::string_view value)
{
    const FieldDef &def = f_.registry->get(field);
    value = trimLeft(value);
    if (def.type == FieldType::Integer) {
        session_->fields.addInt(def, std::atoll(std::string(value).c_str()));
        return;
    }
    if (def.type != FieldType::Ip) {
        session_->fields.addString(def, value);
        return;
    }
    // X-Forwarded-For style: a comma separated list of addresses.
    while (!value.empty()) {
        const size_t comma = value.find(',');
        const std::string one(trim(value.substr(0, comma)));
        uint8_t addr[16];
        in_addr v4{};
        if (inet_aton(one.c_str(), &v4) == 1)   // lenient like Arkime: "10.000.000.03" is 10.0.0.3
            session_->fields.addIp(def, reinterpret_cast<const uint8_t *>(&v4.s_addr), 4);
        else if (inet_pton(AF_INET6, one.c_str(), addr) == 1)
            session_->fields.addIp(def, addr, 16);
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    }
}

int HttpParser::cbHeadersComplete(int dir)
{
    flushBegin(dir);
    flushUrl(dir);
    Direction &d = dirs_[size_t(dir)];
    if (d.inValue) {
        headerValueDone(dir);
        d.inValue = false;
    } else if (!d.name.empty()) {
        headerNameDone(dir);   // a last header without a value
        headerValueDone(dir);
    }
    int skip = 0;
    if (isRequest(dir))
        requestHeadersDone(dir);
    else
        skip = responseHeadersDone(dir);
    notify(dir, HttpEvent::HeadersComplete);
    return skip;
}

void HttpParser::requestHeadersDone(int dir)
{
    const http_parser &p = dirs_[size_t(dir)].parser;
    const char *method = http_method_str(http_method(p.method));
    addStr(f_.method, method);
    if (p.method < methodCounts_.size())
        ++methodCounts_[p.method];
    char version[16];
    std::snprintf(version, sizeof version, "%u.%u", unsigned(p.http_major), unsigned(p.http_minor));
    addStr(f_.clientVersion, version);
    if (methodCount_ < kMethodQueue) {
        methods_[(methodHead_ + methodCount_) % kMethodQueue] = uint8_t(p.method);
        ++methodCount_;
    }
    if (std::any_of(url_.begin(), url_.end(), [](char c) { return uint8_t(c) < 32; }))
        addTag("http:control-char");
    addCookies();
    addAuthorization();
    if (const char *app = httpAppProtocol(std::string_view(url_).substr(0, url_.find('?'))))
        addStr(f_.protocol, app);
    addHostAndUri();
}

int HttpParser::responseHeadersDone(int dir)
{
    const http_parser &p = dirs_[size_t(dir)].parser;
    session_->fields.addInt(f_.registry->get(f_.statuscode), p.status_code);
    char version[16];
    std::snprintf(version, sizeof version, "%u.%u", unsigned(p.http_major), unsigned(p.http_minor));
    addStr(f_.serverVersion, version);
    if (p.status_code >= 100 && p.status_code < 200 && p.status_code != 101)
        return 0;   // 100-continue and friends: the final response is still to come
    int method = -1;
    if (methodCount_ > 0) {
        method = methods_[methodHead_];
        methodHead_ = (methodHead_ + 1) % kMethodQueue;
        --methodCount_;
    }
    const bool connectOk = method == HTTP_CONNECT && p.status_code >= 200 && p.status_code < 300;
    if (connectOk || p.status_code == 101)
        return 2;   // no body, and what follows is not HTTP (libhttp-parser's "upgrade")
    // RFC 9112: responses to HEAD, and 204/304, end at the headers whatever they announce.
    return method == HTTP_HEAD || p.status_code == 204 || p.status_code == 304 ? 1 : 0;
}

void HttpParser::addCookies()
{
    std::string_view rest = cookie_;
    while (!rest.empty()) {
        rest = trimLeft(rest);
        const size_t equal = rest.find('=');
        if (equal == std::string_view::npos)
            break;
        addStr(f_.cookieKey, rest.substr(0, equal));
        const size_t semi = rest.find(';', equal + 1);
        if (f_.cookieValues) {
            const std::string_view v =
                trimLeft(rest.substr(equal + 1, semi == std::string_view::npos ? std::string_view::npos : semi - equal - 1));
            if (!v.empty())
                addStr(f_.cookieValue, v);
        }
        if (semi == std::string_view::npos)
            break;
        rest = rest.substr(semi + 1);
    }
    cookie_.clear();
}

void HttpParser::addAuthorization()
{
    std::string_view a = trimLeft(auth_);
    const size_t space = a.find(' ');
    if (space != std::string_view::npos) {
        addStr(f_.authType, a.substr(0, space));
        std::string_view rest = trimLeft(a.substr(space));
        if (isCaseless(a.substr(0, space), "basic") && !rest.starts_with("token=")) {
            const QByteArray user = QByteArray::fromBase64(QByteArray(rest.data(), qsizetype(rest.size())));
            const qsizetype colon = user.indexOf(':');
            addStr(f_.user, std::string_view(user.constData(), size_t(colon < 0 ? user.size() : colon)));
        } else if (isCaseless(a.substr(0, space), "digest")) {
            const size_t u = rest.find("username");
            if (u != std::string_view::npos) {
                std::string_view v = trimLeft(rest.substr(u + 8));
                if (!v.empty() && v.front() == '=') {
                    v = trimLeft(v.substr(1));
                    const bool quoted = !v.empty() && v.front() == '"';
                    if (quoted)
                        v.remove_prefix(1);
                    addStr(f_.user, v.substr(0, v.find(quoted ? '"' : ',')));
                }
            }
        }
    }
    auth_.clear();
}

void HttpParser::addQuery(std::string_view query)
{
    std::string decoded;
    while (true) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t equal = pair.find('=');
        const std::string_view k = pair.substr(0, equal);
        if (!k.empty())
            addStr(f_.key, percentDecode(k, decoded) ? std::string_view(decoded) : k);
        if (f_.qsValues && equal != std::string_view::npos && equal + 1 < pair.size()) {
            const std::string_view v = pair.substr(equal + 1);
            addStr(f_.value, percentDecode(v, decoded) ? std::string_view(decoded) : v);
        }
        if (amp == std::string_view::npos)
            break;
        query = query.substr(amp + 1);
    }
}

void HttpParser::addHostAndUri()
{
    lowerInPlace(host_);
    const std::string_view host = trim(host_);
    const std::string_view hostNoPort = host.substr(0, host.find(':'));
    if (!url_.empty() && hostSeen_) {
        addStr(f_.host, hostNoPort);
        const size_t question = url_.find('?');
        addStr(f_.path, std::string_view(url_).substr(0, question));
        if (question != std::string::npos)
            addQuery(std::string_view(url_).substr(question + 1));
        std::string uri;
        const size_t at = host.empty() ? std::string::npos : url_.find(host);
        if (url_[0] == '/')
            uri.append(host).append(url_);
        else if (at != std::string::npos && at <= 8)
            uri = url_;
        else
            uri.append(host).append(";").append(url_);
        if (uri.size() > kMaxUrl || urlTruncated_) {
            addTag("http:url-truncated");
            uri.resize(std::min(uri.size(), kMaxUrl));
        }
        addStr(f_.uri, uri);
    } else if (!url_.empty()) {
        addStr(f_.uri, url_);
        if (urlTruncated_)
            addTag("http:url-truncated");
    } else if (hostSeen_) {
        addStr(f_.host, hostNoPort);
    }
    url_.clear();
    host_.clear();
    hostSeen_ = urlTruncated_ = false;
}

void HttpParser::bodyHashes(Direction &d, const char *at, size_t len)
{
    d.md5.add(std::string_view(at, len));
    if (f_.sha256Enabled) {
        if (!d.sha256)
            d.sha256 = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
        d.sha256->addData(QByteArrayView(at, qsizetype(len)));
    }
}

int HttpParser::cbBody(int dir, const char *at, size_t len)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.inBody) {
        d.inBody = true;
        if (mentionsPassword(at, len))
            addTag("http:password");
        if (const std::string_view magic = bodyMagic(reinterpret_cast<const uint8_t *>(at), len); !magic.empty())
            addStr(f_.bodyMagic, magic);
        if (isRequest(dir) && len > 0 && len <= f_.maxReqBody)
            addStr(f_.requestBody, std::string_view(at, len));
    }
    bodyHashes(d, at, len);
    // Body feeds before the BODY event, in Arkime's order.
    if (sink_.wants(bodyFeedBit(BodyFeed::Http)))
        sink_.feed(*session_, BodyFeed::Http, eventDir(dir), reinterpret_cast<const uint8_t *>(at), uint32_t(len));
    notify(dir, HttpEvent::Body, at, len);
    return 0;
}

int HttpParser::cbMessageComplete(int dir)
{
    flushBegin(dir);
    Direction &d = dirs_[size_t(dir)];
    notify(dir, HttpEvent::MessageComplete);
    if (d.inBody) {
        addStr(f_.md5, d.md5.finishHex());
        if (d.sha256)
            addStr(f_.sha256, d.sha256->result().toHex().toStdString());
    }
    d.inBody = false;
    return 0;
}

// ---- SessionParser ------------------------------------------------------------------------

void HttpParser::stop(int dir)
{
    dirs_[size_t(dir)].active = false;
}

// After CONNECT or an upgrade the stream carries another protocol: let the classifiers look
// at its next payload in each direction.
void HttpParser::tunnel()
{
    if (tunnelled_)
        return;
    tunnelled_ = true;
    session_->classifiedDirections = 0;
    // An accepted upgrade that carried a WebSocket key is a WebSocket (Arkime names it so).
    if (const auto *names = session_->fields.strings(f_.requestHeader);
        names && std::find(names->begin(), names->end(), "sec-websocket-key") != names->end())
        addStr(f_.protocol, "websocket");
}

SessionParser::Result HttpParser::state() const
{
    return dirs_[0].active || dirs_[1].active ? Result::Continue : Result::Done;
}

SessionParser::Result HttpParser::onData(Session &session, int direction, const uint8_t *data, uint32_t len)
{
    Direction &d = dirs_[size_t(direction & 1)];
    if (!d.active || len == 0)
        return state();
    session_ = &session;
    const size_t n = http_parser_execute(&d.parser, &settings(), reinterpret_cast<const char *>(data), len);
    if (d.parser.upgrade) {
        stop(direction & 1);
        const bool otherUpgraded = dirs_[size_t(!(direction & 1))].parser.upgrade;
        if (!isRequest(direction & 1) || otherUpgraded)
            tunnel();
    } else if (n != len || HTTP_PARSER_ERRNO(&d.parser) != HPE_OK) {
        stop(direction & 1);
    }
    if (!dirs_[0].active && !dirs_[1].active && tunnelled_)
        return Result::Done;
    return state();
}

SessionParser::Result HttpParser::onGap(Session &, int direction, uint32_t)
{
    stop(direction & 1);   // libhttp-parser cannot resynchronise inside a message
    return state();
}

void HttpParser::onPreSave(Session &session, bool final)
{
    session_ = &session;
    if (final) {
        // A body delimited by the end of the connection completes only now.
        for (Direction &d : dirs_) {
            if (d.active)
                http_parser_execute(&d.parser, &settings(), nullptr, 0);
        }
    }
    for (size_t m = 0; m < methodCounts_.size() && m < f_.methodCount.size(); ++m) {
        if (methodCounts_[m])
            session.fields.addInt(f_.registry->get(f_.methodCount[m]), methodCounts_[m]);
        methodCounts_[m] = 0;
    }
}

// ---- registration -------------------------------------------------------------------------

namespace {
bool hasHttpParser(const Session &s)
{
    return std::any_of(s.parsers.begin(), s.parsers.end(),
                       [](const auto &p) { return dynamic_cast<const HttpParser *>(p.get()) != nullptr; });
}
} // namespace

bool registerHttpParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                        std::string *error)
{
    auto fields = std::make_shared<HttpFields>();
    if (!fields->define(config, registry, error))
        return false;
    fields->registry = &registry;
    const ClassifyFn classify = [fields](const ClassifyInput &in) {
        if (!in.tcp || hasHttpParser(in.session))
            return;
        in.session.fields.addString(fields->registry->get(fields->protocol), "http");
        in.session.attachParser(std::make_unique<HttpParser>(*fields, in.session.httpObservers));
    };
    for (unsigned m = 0;; ++m) {
        const char *name = http_method_str(http_method(m));
        if (!name || std::strcmp(name, "<unknown>") == 0)
            break;
        table.addTcp("http", 0, std::string(name) + " ", classify);
    }
    table.addTcp("http", 0, "HTTP/1.", classify);
    // Arkime's HTTP parser reads the HTTP/2 preface as a request (method PRI, uri *), then stops.
    table.addTcp("http", 0, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", [fields](const ClassifyInput &in) {
        const FieldRegistry &r = *fields->registry;
        in.session.fields.addString(r.get(fields->protocol), "http");
        in.session.fields.addString(r.get(fields->method), "PRI");
        in.session.fields.addString(r.get(fields->uri), "*");
        in.session.fields.addString(r.get(fields->clientVersion), "2.0");
    });
    return true;
}

} // namespace luacap::engine

// HttpParser: HTTP/1.x session parser on Debian's libhttp-parser, one http_parser per
// direction (packet thread). Writes Arkime's http.* fields and calls the thread's
// HttpObservers (http_on events, "http" body feed). registerHttpParser adds it (main thread).
#pragma once

#include <http_parser.h>

#include <QCryptographicHash>
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "digest/md5_digest.h"
#include "parsers/classifier_table.h"
#include "parsers/http/http_fields.h"
#include "parsers/parser_config.h"
#include "plugin/http_observer.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class FieldRegistry;

class HttpParser final : public SessionParser {
public:
    // observers: the listeners of the session's packet thread (Session::httpObservers).
    HttpParser(const HttpFields &fields, const HttpObserverList *observers);
    HttpParser(const HttpParser &) = delete;
    HttpParser &operator=(const HttpParser &) = delete;

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &session, int direction, uint32_t len) override;
    void onPreSave(Session &session, bool final) override;

    // Bounds on what one message may make the parser keep (a hostile stream cannot grow it).
    static constexpr size_t kMaxUrl = 4096;       // Arkime MAX_URL_LENGTH
    static constexpr size_t kMaxHeaderName = 64;
    static constexpr size_t kMaxValue = 8192;
    static constexpr size_t kMethodQueue = 32;    // pipelined requests awaiting a response

    // libhttp-parser callbacks (public only so the C trampolines can reach them).
    static HttpParser *owner(http_parser *p, int &dir);
    int cbMessageBegin(int dir);
    int cbUrl(int dir, const char *at, size_t len);
    int cbStatus(int dir);
    int cbHeaderField(int dir, const char *at, size_t len);
    int cbHeaderValue(int dir, const char *at, size_t len);
    int cbHeadersComplete(int dir);
    int cbBody(int dir, const char *at, size_t len);
    int cbMessageComplete(int dir);

private:
    enum class Special : uint8_t { None, Host, Cookie, Authorization };  // request headers kept whole
    struct Direction {
        http_parser parser{};
        bool active = true;          // false after an error, an upgrade or a tunnel
        bool beginPending = false;   // MessageBegin waits until the method is known
        bool urlPending = false;     // the Url event waits until the URL is complete
        bool inValue = false;        // the header name is complete, its value is arriving
        bool keepValue = false;      // the current value goes to a field
        bool inBody = false;         // this message had body bytes
        Special special = Special::None;
        int headerField = -1;        // field id of the current header's own field, -1 if none
        std::string name;            // current header name as sent (bounded)
        std::string value;           // current header value when it is kept (bounded)
        Md5Digest md5{Md5Digest::Mode::Batched};  // of this message's de-chunked body
        std::unique_ptr<QCryptographicHash> sha256;
    };

    int eventDir(int dir) const;     // 0 request, 1 response
    bool isRequest(int dir) const { return eventDir(dir) == 0; }
    void notify(int dir, HttpEvent e, const char *data = nullptr, size_t len = 0);
    void flushBegin(int dir);
    void flushUrl(int dir);
    void headerNameDone(int dir);
    void headerValueDone(int dir);
    void addHeaderValue(int field, std::string_view value);
    void requestHeadersDone(int dir);
    int responseHeadersDone(int dir);
    void addHostAndUri();
    void addQuery(std::string_view query);
    void addCookies();
    void addAuthorization();
    void addTag(std::string_view tag);
    void addStr(int field, std::string_view v);
    void stop(int dir);
    void tunnel();
    Result state() const;
    void bodyHashes(Direction &d, const char *at, size_t len);

    const HttpFields &f_;
    Session *session_ = nullptr;     // valid during a call from the engine only
    std::array<Direction, 2> dirs_;
    HttpEventSink sink_;
    std::string url_, host_, cookie_, auth_;   // the request being parsed (bounded)
    std::string lower_;                        // the current header name, lower-cased
    bool urlTruncated_ = false, hostSeen_ = false;
    std::array<uint8_t, kMethodQueue> methods_{};   // methods of requests awaiting responses
    size_t methodHead_ = 0, methodCount_ = 0;
    std::array<uint32_t, 64> methodCounts_{};       // http.method-<M>, written at save
    bool tunnelled_ = false;
};

// Registers the http.* fields and the HTTP classifiers (main thread, start-up).
bool registerHttpParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                        std::string *error);

} // namespace luacap::engine

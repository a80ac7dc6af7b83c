// Unit tests of the HTTP parser: fields, framing (keep-alive, pipelining, chunked, HEAD, 1xx,
// no-length, CONNECT), robustness and the exact HttpObserver callback sequence.
#include <QCryptographicHash>
#include <QtTest>

#include "fields/field_registry.h"
#include "parsers/classifier_table.h"
#include "parsers/http/http_parser.h"
#include "plugin/http_observer.h"
#include "session/session.h"
#include "support/parser_harness.h"

using namespace luacap::engine;

namespace {
// Records every event as "dir:EVENT:data" (data omitted for empty events).
class Recorder final : public HttpObserver {
public:
    uint32_t wanted() const override { return ~0u; }
    HttpAction onHttp(Session &, HttpEvent e, int dir, const uint8_t *d, uint32_t n) override
    {
        static const char *names[] = {"BEGIN", "URL", "FIELD", "RAW", "VALUE", "HEADERS", "BODY", "COMPLETE"};
        QString line = QString::number(dir) + ":" + names[int(e)];
        if (n)
            line += ":" + QString::fromLatin1(reinterpret_cast<const char *>(d), int(n));
        log << line;
        return e == stopAfter ? HttpAction::StopEvent : HttpAction::Continue;
    }
    HttpAction onBodyFeed(Session &, BodyFeed, int dir, const uint8_t *d, uint32_t n) override
    {
        feed += QString::number(dir) + ":" + QString::fromLatin1(reinterpret_cast<const char *>(d), int(n)) + ";";
        return HttpAction::Continue;
    }
    QStringList log;
    QString feed;
    HttpEvent stopAfter = HttpEvent::Count;
};

struct Harness : luacap::testing::ParserHarness {
    explicit Harness(ParserConfig cfg = {}) : ParserHarness(&registerHttpParser, cfg, 80) {}
};

using luacap::testing::md5;

const QByteArray kRequest = "GET /a/b?x=1&y=%41 HTTP/1.1\r\nHost: WWW.Example.com:8080\r\nUser-Agent: test/1.0\r\n"
                            "Cookie: k1=v1; k2=v2\r\nX-Forwarded-For: 10.1.2.3, 2001:db8::1\r\nAccept: */*\r\n\r\n";
const QByteArray kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: Srv\r\n\r\nhello";
} // namespace

class TestHttpParser : public QObject {
    Q_OBJECT
private slots:
    void fields_data();
    void fields();
    void allHeadersAndConfigured();
    void chunkedBodyIsDechunked();
    void pipelinedKeepAlive();
    void headAnd204And304HaveNoBody();
    void continue100();
    void bodyUntilClose();
    void connectStopsParsing();
    void garbage_data();
    void garbage();
    void observerSequence();
    void observerStopEvent();
    void noListenersFastPath();
};

void TestHttpParser::fields_data()
{
    QTest::addColumn<int>("chunk");
    for (int c : {0, 1, 2, 3, 7, 13, 64})
        QTest::newRow(qPrintable(QString("chunk %1").arg(c))) << c;
}

void TestHttpParser::fields()
{
    QFETCH(int, chunk);
    ParserConfig cfg;
    cfg.parseCookieValue = cfg.parseQsValue = true;
    cfg.supportSha256 = true;
    Harness h(cfg);
    h.feed(0, kRequest, chunk);
    h.feed(1, kResponse, chunk);
    h.save();
    QCOMPARE(*h.session.fields.strings(FieldRegistry::Protocol), std::vector<std::string>{"http"});
    QCOMPARE(h.strs("http.method"), QStringList{"GET"});
    QCOMPARE(h.ints("http.method-GET"), QList<qint64>{1});
    QCOMPARE(h.strs("http.uri"), QStringList{"www.example.com:8080/a/b?x=1&y=%41"});
    QCOMPARE(h.strs("http.uri.path"), QStringList{"/a/b"});
    QCOMPARE(h.strs("http.uri.key"), (QStringList{"x", "y"}));
    QCOMPARE(h.strs("http.uri.value"), (QStringList{"1", "A"}));
    QCOMPARE(h.strs("host.http"), (QStringList{"www.example.com:8080", "www.example.com"}));
    QCOMPARE(h.strs("http.user-agent"), QStringList{"test/1.0"});
    QCOMPARE(h.strs("http.version.src"), QStringList{"1.1"});
    QCOMPARE(h.strs("http.version.dst"), QStringList{"1.1"});
    QCOMPARE(h.ints("http.statuscode"), QList<qint64>{200});
    QCOMPARE(h.strs("http.cookie.key"), (QStringList{"k1", "k2"}));
    QCOMPARE(h.strs("http.cookie.value"), (QStringList{"v1", "v2"}));
    QCOMPARE(h.strs("ip.xff"), (QStringList{"10.1.2.3", "2001:db8::1"}));
    QCOMPARE(h.strs("http.hasheader.src"), (QStringList{"host", "user-agent", "cookie", "x-forwarded-for", "accept"}));
    QCOMPARE(h.strs("http.hasheader.dst"), (QStringList{"content-length", "server"}));
    QCOMPARE(h.strs("http.md5"), QStringList{md5("hello")});
    QCOMPARE(h.strs("http.sha256"),
             QStringList{QCryptographicHash::hash("hello", QCryptographicHash::Sha256).toHex()});
    QVERIFY(h.strs("http.hasheader.src.field").isEmpty());   // parseHTTPHeaderRequestAll off
}

void TestHttpParser::allHeadersAndConfigured()
{
    ParserConfig cfg;
    cfg.parseHttpHeaderRequestAll = cfg.parseHttpHeaderResponseAll = true;
    cfg.httpRequestHeaderFields = {{"referer", "type:string;count:true"}};
    cfg.httpResponseHeaderFields = {{"location", "type:string"}};
    Harness h(cfg);
    h.feed(0, "GET / HTTP/1.1\r\nHost: h\r\nReferer: http://R/\r\nAccept: A\r\nAccept: A\r\n\r\n");
    h.feed(1, "HTTP/1.1 301 Moved\r\nLocation: https://h/\r\nContent-Length: 0\r\nSet-Cookie: A=1\r\nSet-Cookie: B=2\r\n\r\n");
    QCOMPARE(h.strs("http.request-referer"), QStringList{"http://R/"});
    QCOMPARE(h.strs("http.response-location"), QStringList{"https://h/"});
    // Names and values as arrays: a header sent twice is listed twice; own-field headers are not listed.
    QCOMPARE(h.strs("http.hasheader.src.field"), (QStringList{"accept", "accept"}));
    QCOMPARE(h.strs("http.hasheader.src.value"), (QStringList{"a", "a"}));
    QCOMPARE(h.strs("http.hasheader.dst.field"), (QStringList{"content-length", "set-cookie", "set-cookie"}));
    QCOMPARE(h.strs("http.hasheader.dst.value"), (QStringList{"0", "a=1", "b=2"}));
}

void TestHttpParser::chunkedBodyIsDechunked()
{
    Harness h;
    Recorder rec;
    h.observers.add(&rec);
    h.feed(0, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    h.feed(1, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 3);
    QCOMPARE(h.strs("http.md5"), QStringList{md5("hello world")});
    QCOMPARE(rec.feed.remove(";").remove("1:"), QString("hello world"));
}

void TestHttpParser::pipelinedKeepAlive()
{
    Harness h;
    h.feed(0, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /3 HTTP/1.1\r\nHost: h\r\n\r\n");
    h.feed(1, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nxHTTP/1.1 201 OK\r\nContent-Length: 1\r\n\r\nyHTTP/1.1 404 No\r\nContent-Length: 0\r\n\r\n");
    h.save();
    QCOMPARE(h.strs("http.uri"), (QStringList{"h/1", "h/2", "h/3"}));
    QCOMPARE(h.ints("http.statuscode"), (QList<qint64>{200, 201, 404}));
    QCOMPARE(h.ints("http.method-GET"), QList<qint64>{2});
    QCOMPARE(h.ints("http.method-POST"), QList<qint64>{1});
    QCOMPARE(h.strs("http.md5"), (QStringList{md5("abc"), md5("x"), md5("y")}));
}

void TestHttpParser::headAnd204And304HaveNoBody()
{
    Harness h;
    h.feed(0, "HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nGET /c HTTP/1.1\r\nHost: h\r\n\r\n");
    h.feed(1, "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"
              "HTTP/1.1 204 No Content\r\n\r\n"
              "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    QCOMPARE(h.ints("http.statuscode"), (QList<qint64>{200, 204, 304}));
    QCOMPARE(h.strs("http.md5"), QStringList{md5("ok")});
}

void TestHttpParser::continue100()
{
    Harness h;
    h.feed(0, "POST /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    h.feed(1, "HTTP/1.1 100 Continue\r\n\r\n");
    h.feed(0, "data");
    h.feed(1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    QCOMPARE(h.ints("http.statuscode"), (QList<qint64>{100, 200}));
    QCOMPARE(h.strs("http.md5"), (QStringList{md5("data"), md5("ok")}));
    QCOMPARE(h.strs("http.reqbody"), QStringList{"data"});
}

void TestHttpParser::bodyUntilClose()
{
    Harness h;
    h.feed(0, "GET / HTTP/1.0\r\nHost: h\r\n\r\n");
    h.feed(1, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsome ");
    h.feed(1, "text");
    QVERIFY(h.strs("http.md5").isEmpty());   // the body ends with the connection
    h.save();
    QCOMPARE(h.strs("http.md5"), QStringList{md5("some text")});
}

void TestHttpParser::connectStopsParsing()
{
    Harness h;
    h.feed(0, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    h.feed(1, "HTTP/1.1 200 Connection established\r\n\r\n");
    QCOMPARE(h.session.classifiedDirections, uint8_t(0));   // what follows gets classified again
    QVERIFY(!h.session.parsers[0]);                          // the parser detached itself
    QCOMPARE(h.strs("http.method"), QStringList{"CONNECT"});
    QCOMPARE(h.strs("http.uri"), QStringList{"example.com:443"});
    QCOMPARE(h.ints("http.statuscode"), QList<qint64>{200});
}

void TestHttpParser::garbage_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("binary after method") << QByteArray("GET \x00\x01\x02\xff\xfe", 9) << QByteArray("\x16\x03\x01", 3);
    QTest::newRow("truncated") << QByteArray("GET /x HTTP/1.1\r\nHo") << QByteArray("HTTP/1.1 2");
    QTest::newRow("bad chunk") << QByteArray("GET / HTTP/1.1\r\n\r\n")
                               << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("huge header") << ("GET / HTTP/1.1\r\nX: " + QByteArray(200000, 'a')) << QByteArray("HTTP/1.1 200 OK\r\n");
    QTest::newRow("huge url") << ("GET /" + QByteArray(70000, 'u') + " HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray();
}

void TestHttpParser::garbage()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, response);
    Harness h;
    h.feed(0, request);
    if (!response.isEmpty())
        h.feed(1, response, 1);
    h.feed(0, request);
    h.save();
    for (const QString &u : h.strs("http.uri"))
        QVERIFY(u.size() <= int(HttpParser::kMaxUrl));
}

void TestHttpParser::observerSequence()
{
    Harness h;
    Recorder rec;
    QVERIFY(h.observers.add(&rec));
    h.feed(0, "GET /p HTTP/1.1\r\nHost: h\r\nX-Long: abcdef\r\n\r\nHEAD /q HTTP/1.1\r\nHost: h\r\n\r\n", 4);
    h.feed(1, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n");
    const QStringList expected = {
        "0:BEGIN:GET", "0:URL:/p", "0:FIELD:host", "0:RAW:Host", "0:VALUE:h",
        "0:FIELD:x-long", "0:RAW:X-Long", "0:VALUE:ab", "0:VALUE:cdef",   // a value in pieces, as the 4-byte segments cut it
        "0:HEADERS", "0:COMPLETE",
        "0:BEGIN:HEAD", "0:URL:/q", "0:FIELD:host", "0:RAW:Host", "0:VALUE:h", "0:HEADERS", "0:COMPLETE",
        "1:BEGIN", "1:FIELD:content-length", "1:RAW:Content-Length", "1:VALUE:2", "1:HEADERS", "1:BODY:ok",
        "1:COMPLETE",
        "1:BEGIN", "1:FIELD:content-length", "1:RAW:Content-Length", "1:VALUE:9", "1:HEADERS", "1:COMPLETE",
    };
    if (rec.log != expected)
        qWarning() << rec.log;
    QCOMPARE(rec.log, expected);
}

void TestHttpParser::observerStopEvent()
{
    Harness h;
    Recorder rec;
    rec.stopAfter = HttpEvent::HeaderField;
    h.observers.add(&rec);
    h.feed(0, "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n");
    QCOMPARE(rec.log.filter(":FIELD:"), QStringList{"0:FIELD:a"});   // switched off after the first
    QCOMPARE(rec.log.filter(":RAW:").size(), 2);                      // other events still arrive
}

void TestHttpParser::noListenersFastPath()
{
    Harness h;
    QCOMPARE(h.observers.wanted(), 0u);
    h.feed(0, kRequest);
    QCOMPARE(h.strs("http.method"), QStringList{"GET"});
}

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_http_parser.moc"

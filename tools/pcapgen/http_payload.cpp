// HTTP/1.1 conversations: GET or POST, Content-Length or chunked bodies, keep-alive with
// 2-3 requests on some connections (main thread).
#include "payloads.h"

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

constexpr uint32_t kSegmentSize = 1460;   // FlowBuilder::kMss

const char *kAgents[] = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
    "curl/7.88.1",
    "Wget/1.21.3",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/119.0 Safari/537.36",
};
const char *kTypes[] = {"text/html", "text/plain", "application/json", "text/css"};

void appendRequest(Conversation &conv, Prng &rng, const std::string &host, bool last, bool think) {
    const bool post = rng.percent(25);
    const std::string path = "/" + word(rng, 3, 9) + "/" + word(rng, 3, 12) + (post ? "" : ".html");
    conv.begin(kClient, think);
    std::string &o = conv.out(kClient);
    o += post ? "POST " : "GET ";
    o += path;
    o += " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: ";
    o += kAgents[rng.below(4)];
    o += "\r\nAccept: */*\r\nConnection: ";
    o += last ? "close" : "keep-alive";
    o += "\r\n";
    if (post) {
        const uint32_t n = rng.below(4097);
        o += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ";
        appendDecimal(o, n);
        o += "\r\n\r\n";
        appendText(o, n, rng);
    } else {
        o += "\r\n";
    }
    conv.end();
    conv.fact("http.method", post ? "POST" : "GET");
    conv.fact("http.uri", host + path);
}

void appendChunkedBody(std::string &o, uint32_t size, Prng &rng) {
    while (size > 0) {
        const uint32_t chunk = size < 4096 ? size : rng.range(1024, 4096);
        appendHex(o, chunk);
        o += "\r\n";
        appendText(o, chunk, rng);
        o += "\r\n";
        size -= chunk;
    }
    o += "0\r\n\r\n";
}

// tshark 4.0 reports a chunked body whose final "0\r\n\r\n" is split across two segments
// as malformed; widening the Server header's whitespace moves the split elsewhere.
void keepTerminatorWhole(Conversation &conv) {
    Message &m = conv.messages.back();
    const uint32_t tail = m.length % kSegmentSize;
    if (tail == 0 || tail >= 8) return;
    std::string &o = conv.out(m.dir);
    const size_t at = o.find("Server:", m.offset) + 7;
    o.insert(at, 8 - tail, ' ');
    m.length += 8 - tail;
}

void appendResponse(Conversation &conv, Prng &rng, bool last) {
    const bool notFound = rng.percent(8);
    const bool chunked = !notFound && rng.percent(20);
    const uint32_t size = notFound ? rng.range(100, 400) : bodySize(rng);
    conv.begin(kServer);
    std::string &o = conv.out(kServer);
    o += notFound ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\n";
    o += "Date: Tue, 14 Nov 2023 22:13:20 GMT\r\nServer: nginx/1.22.1\r\nContent-Type: ";
    o += kTypes[rng.below(4)];
    o += last ? "\r\nConnection: close\r\n" : "\r\nConnection: keep-alive\r\n";
    if (chunked) {
        o += "Transfer-Encoding: chunked\r\n\r\n";
        appendChunkedBody(o, size, rng);
    } else {
        o += "Content-Length: ";
        appendDecimal(o, size);
        o += "\r\n\r\n";
        appendText(o, size, rng);
    }
    conv.end();
    if (chunked) keepTerminatorWhole(conv);
    conv.fact("http.statuscode", notFound ? "404" : "200");
}

} // namespace

void buildHttp(Conversation &conv, Prng &rng) {
    const std::string host = hostName(rng, "www");
    const uint32_t requests = rng.percent(70) ? 1 : rng.range(2, 3);
    conv.fact("http.host", host);
    for (uint32_t i = 0; i < requests; ++i) {
        const bool last = i + 1 == requests;
        appendRequest(conv, rng, host, last, i > 0);
        appendResponse(conv, rng, last);
    }
}

} // namespace luacap::pcapgen

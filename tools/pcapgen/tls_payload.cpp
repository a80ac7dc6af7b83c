// TLS 1.3 conversations: ClientHello with SNI, ServerHello, ChangeCipherSpec and
// encrypted application data records, with real record/handshake framing (main thread).
#include "payloads.h"

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

void put8(std::string &o, uint32_t v) { o.push_back(char(v)); }
void put16(std::string &o, uint32_t v) {
    o.push_back(char(v >> 8));
    o.push_back(char(v));
}
void put24(std::string &o, uint32_t v) {
    put8(o, v >> 16);
    put16(o, v);
}

// Writes a 16-bit length placeholder; patchLength16 fills it once the body is known.
size_t openLength16(std::string &o) {
    put16(o, 0);
    return o.size();
}
void closeLength16(std::string &o, size_t bodyStart) {
    const size_t n = o.size() - bodyStart;
    o[bodyStart - 2] = char(n >> 8);
    o[bodyStart - 1] = char(n);
}

// Wraps a handshake body (type + 24-bit length) in a handshake record.
void appendHandshakeRecord(std::string &o, uint32_t recordVersion, uint8_t type,
                           const std::string &body) {
    put8(o, 22);
    put16(o, recordVersion);
    put16(o, uint32_t(body.size() + 4));
    put8(o, type);
    put24(o, uint32_t(body.size()));
    o += body;
}

void appendExtension(std::string &o, uint32_t type, const std::string &data) {
    put16(o, type);
    put16(o, uint32_t(data.size()));
    o += data;
}

std::string sniExtension(const std::string &host) {
    std::string d;
    put16(d, uint32_t(host.size() + 3));   // server_name_list length
    put8(d, 0);                            // host_name
    put16(d, uint32_t(host.size()));
    d += host;
    return d;
}

std::string keyShare(Prng &rng, bool client) {
    std::string d;
    if (client) put16(d, 36);              // client_shares length
    put16(d, 0x001d);                      // x25519
    put16(d, 32);
    appendRandom(d, 32, rng);
    return d;
}

std::string clientHello(const std::string &host, Prng &rng) {
    std::string b;
    put16(b, 0x0303);
    appendRandom(b, 32, rng);
    put8(b, 32);
    appendRandom(b, 32, rng);
    static const uint16_t suites[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030};
    put16(b, sizeof(suites));
    for (uint16_t s : suites) put16(b, s);
    put8(b, 1);
    put8(b, 0);                            // null compression
    const size_t ext = openLength16(b);
    appendExtension(b, 0, sniExtension(host));
    appendExtension(b, 10, std::string("\x00\x04\x00\x1d\x00\x17", 6));     // groups
    appendExtension(b, 11, std::string("\x01\x00", 2));                     // point formats
    appendExtension(b, 13, std::string("\x00\x06\x04\x03\x08\x04\x04\x01", 8));  // sig algs
    appendExtension(b, 16, std::string("\x00\x0c\x02h2\x08http/1.1", 14));  // ALPN
    appendExtension(b, 43, std::string("\x04\x03\x04\x03\x03", 5));         // versions
    appendExtension(b, 45, std::string("\x01\x01", 2));                     // psk modes
    appendExtension(b, 51, keyShare(rng, true));
    closeLength16(b, ext);
    return b;
}

std::string serverHello(const std::string &sessionId, Prng &rng) {
    std::string b;
    put16(b, 0x0303);
    appendRandom(b, 32, rng);
    put8(b, 32);
    b += sessionId;
    put16(b, 0x1301);
    put8(b, 0);
    const size_t ext = openLength16(b);
    appendExtension(b, 43, std::string("\x03\x04", 2));
    appendExtension(b, 51, keyShare(rng, false));
    closeLength16(b, ext);
    return b;
}

// Encrypted records (content type 23) carrying `total` bytes, at most 16 KB each.
void appendAppData(std::string &o, uint32_t total, Prng &rng) {
    do {
        const uint32_t n = total > 16384 ? 16384 : total;
        put8(o, 23);
        put16(o, 0x0303);
        put16(o, n + 17);                  // + content type byte and 16-byte AEAD tag
        appendRandom(o, n + 17, rng);
        total -= n;
    } while (total > 0);
}

void appendChangeCipherSpec(std::string &o) { o += std::string("\x14\x03\x03\x00\x01\x01", 6); }

} // namespace

void buildTls(Conversation &conv, Prng &rng) {
    const std::string host = hostName(rng, rng.percent(50) ? "www" : "api");
    const std::string hello = clientHello(host, rng);
    conv.begin(kClient);
    appendHandshakeRecord(conv.out(kClient), 0x0301, 1, hello);
    conv.end();

    conv.begin(kServer);
    std::string &s = conv.out(kServer);
    appendHandshakeRecord(s, 0x0303, 2, serverHello(hello.substr(35, 32), rng));
    appendChangeCipherSpec(s);
    appendAppData(s, rng.range(2000, 4500), rng);   // encrypted extensions, cert, finished
    conv.end();

    conv.begin(kClient);
    appendChangeCipherSpec(conv.out(kClient));
    appendAppData(conv.out(kClient), 36, rng);      // client Finished
    appendAppData(conv.out(kClient), rng.range(200, 900), rng);
    conv.end();

    conv.begin(kServer);
    appendAppData(conv.out(kServer), bodySize(rng) + 200, rng);
    conv.end();
    conv.fact("tls.sni", host);
}

} // namespace luacap::pcapgen

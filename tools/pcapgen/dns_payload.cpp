// DNS over UDP: one query (A, AAAA or MX) and its response in RFC 1035 wire format, with
// compressed answer names (main thread).
#include "payloads.h"

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

void put16(std::string &o, uint32_t v) {
    o.push_back(char(v >> 8));
    o.push_back(char(v));
}
void put32(std::string &o, uint32_t v) {
    put16(o, v >> 16);
    put16(o, v);
}

void appendName(std::string &o, const std::string &name) {
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        o.push_back(char(dot - start));
        o.append(name, start, dot - start);
        start = dot + 1;
    }
    o.push_back(0);
}

void appendHeader(std::string &o, uint32_t id, uint32_t flags, uint32_t answers) {
    put16(o, id);
    put16(o, flags);
    put16(o, 1);          // QDCOUNT
    put16(o, answers);    // ANCOUNT
    put16(o, 0);
    put16(o, 0);
}

void appendAnswer(std::string &o, uint32_t qtype, uint32_t index, Prng &rng) {
    put16(o, 0xc00c);     // pointer to the question name at offset 12
    put16(o, qtype);
    put16(o, 1);          // IN
    put32(o, rng.range(60, 86400));
    if (qtype == 1) {
        put16(o, 4);
        put32(o, 0xc6120000u | rng.below(0x20000));   // 198.18.0.0/15
    } else if (qtype == 28) {
        put16(o, 16);
        put32(o, 0x20010db8);
        put32(o, 0x00050000);
        put32(o, 0);
        put32(o, rng.next() & 0xffff);
    } else {
        // MX: preference, then "mxN" + pointer back to the question name.
        put16(o, 2 + 4 + 2);
        put16(o, 10 * (index + 1));
        o.push_back(3);
        o += "mx";
        o.push_back(char('0' + index));
        put16(o, 0xc00c);
    }
}

} // namespace

void buildDns(Conversation &conv, Prng &rng) {
    static const uint32_t types[] = {1, 1, 1, 28, 28, 15};
    static const char *typeNames[] = {"A", "A", "A", "AAAA", "AAAA", "MX"};
    const uint32_t pick = rng.below(6);
    const uint32_t qtype = types[pick];
    const uint32_t id = rng.below(65536);
    const bool nxdomain = rng.percent(5);
    const uint32_t answers = nxdomain ? 0 : rng.range(1, 3);
    const std::string name = qtype == 15 ? hostName(rng, "mail").substr(5) : hostName(rng, "www");

    std::string q;
    appendHeader(q, id, 0x0100, 0);   // standard query, recursion desired
    appendName(q, name);
    put16(q, qtype);
    put16(q, 1);
    conv.send(kClient, q);

    std::string r;
    appendHeader(r, id, nxdomain ? 0x8183 : 0x8180, answers);
    r.append(q, 12, std::string::npos);
    for (uint32_t i = 0; i < answers; ++i) appendAnswer(r, qtype, i, rng);
    conv.send(kServer, r);

    conv.fact("dns.host", name);
    conv.fact("dns.qt", typeNames[pick]);
}

} // namespace luacap::pcapgen

// Demo protocols for the Wireshark-style Lua dissector tests (tests/lua/wslua): small binary
// protocols whose dissectors exercise the API, chosen with --mix demo-fixed=1 etc. Main thread.
#include <string>

#include "payloads.h"

namespace luacap::pcapgen {

namespace {
void put8(std::string &o, uint32_t v) { o += char(uint8_t(v)); }
void put16(std::string &o, uint32_t v) { put8(o, v >> 8); put8(o, v); }
void put32(std::string &o, uint32_t v) { put16(o, v >> 16); put16(o, v); }
void put32le(std::string &o, uint32_t v) { put8(o, v); put8(o, v >> 8); put8(o, v >> 16); put8(o, v >> 24); }

std::string word(Prng &rng, uint32_t minLen, uint32_t maxLen)
{
    std::string w;
    for (uint32_t n = rng.range(minLen, maxLen); n > 0; --n)
        w += char('a' + rng.below(26));
    return w;
}

// demo-fixed (UDP 7001): a 38-byte fixed header (version, type, flags, ttl, seq, length, id,
// IPv4, MAC, float, uint64, little-endian uint32) and `length` bytes of text.
std::string fixedMessage(Prng &rng, uint32_t type, uint32_t seq)
{
    std::string o;
    const std::string text = word(rng, 0, 12);
    put8(o, 1);
    put8(o, type);
    put8(o, rng.below(256));
    put8(o, rng.below(256));
    put16(o, seq);
    put16(o, uint32_t(text.size()));
    put32(o, uint32_t(rng.next()));
    put32(o, 0xc0a80000u | rng.below(65536));
    for (int i = 0; i < 6; ++i)
        put8(o, rng.below(256));
    put32(o, 0x3f800000u + (rng.below(1024) << 12));   // floats between 1 and 2
    put32(o, uint32_t(rng.next()));
    put32(o, uint32_t(rng.next()));
    put32le(o, uint32_t(rng.next()));
    return o + text;
}

// demo-tlv (UDP 7002): "TL", a count, then type/length/value items.
std::string tlvMessage(Prng &rng)
{
    const uint32_t count = rng.range(1, 5);
    std::string o = "TL";
    put8(o, count);
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t type = rng.range(1, 6);
        std::string v;
        if (type == 1) v = word(rng, 1, 10);
        else if (type == 2) put32(v, uint32_t(rng.next()));
        else if (type == 3) put32(v, 0x0a000000u | rng.below(1u << 24));
        else if (type == 4) for (uint32_t n = rng.range(1, 8); n > 0; --n) put8(v, rng.below(256));
        else if (type == 5) for (int n = 0; n < 16; ++n) put8(v, n < 2 ? (n ? 0x0d : 0x20) : rng.below(256));
        else put16(v, rng.below(65536));
        put8(o, type);
        put8(o, uint32_t(v.size()));
        o += v;
    }
    return o;
}

// demo-pdu (TCP 7003): messages of 4-byte-length-prefixed PDUs (type byte + text): several
// small PDUs in one message, now and then one larger than a segment, so PDUs both share
// segments and span them.
std::string pduMessage(Prng &rng)
{
    std::string o;
    for (uint32_t n = rng.range(1, 4); n > 0; --n) {
        const bool big = rng.percent(25);
        const std::string body = word(rng, big ? 1500 : 1, big ? 4000 : 40);
        put32(o, uint32_t(body.size() + 1));
        put8(o, rng.range(1, 3));
        o += body;
    }
    return o;
}

// demo-heur (UDP 9999, no port registration): "HEUR", a sequence number and text.
std::string heurMessage(Prng &rng, uint32_t seq)
{
    std::string o = "HEUR";
    put16(o, seq);
    return o + word(rng, 1, 20);
}

// demo-rr (UDP 7005): requests 'Q' txid op, answered (mostly in order) by 'R' txid status.
void buildRequestResponse(Conversation &conv, Prng &rng)
{
    const uint32_t n = rng.range(1, 4);
    const uint32_t first = rng.below(60000);
    for (uint32_t i = 0; i < n; ++i) {
        std::string q = "Q";
        put16(q, first + i);
        put8(q, rng.range(1, 4));
        conv.send(kClient, q);
    }
    for (uint32_t i = 0; i < n; ++i) {
        std::string r = "R";
        put16(r, first + (n - 1 - i));   // answered in reverse order
        put8(r, rng.below(3));
        conv.send(kServer, r);
    }
}
} // namespace

void buildDemo(App app, Conversation &conv, Prng &rng)
{
    const uint32_t exchanges = rng.range(1, 3);
    if (app == App::DemoRr)
        return buildRequestResponse(conv, rng);
    for (uint32_t i = 0; i < exchanges; ++i) {
        for (uint8_t dir : {kClient, kServer}) {
            if (app == App::DemoFixed) conv.send(dir, fixedMessage(rng, dir + 1u, i));
            else if (app == App::DemoTlv) conv.send(dir, tlvMessage(rng));
            else if (app == App::DemoPdu) conv.send(dir, pduMessage(rng));
            else conv.send(dir, heurMessage(rng, i * 2 + dir));
        }
    }
}

} // namespace luacap::pcapgen

// FlowBuilder: one flow from its seed, laid out as packets with relative times (main thread).
#include "flow_builder.h"

#include "payloads.h"

namespace luacap::pcapgen {

namespace {

const uint16_t kServerPorts[kAppCount] = {80, 53, 443, 25, 7001, 7002, 7003, 9999, 7005};

void putBe32(uint8_t *p, uint32_t v) {
    p[0] = uint8_t(v >> 24);
    p[1] = uint8_t(v >> 16);
    p[2] = uint8_t(v >> 8);
    p[3] = uint8_t(v);
}

PacketSpec tcpPacket(uint8_t dir, uint32_t seq, uint32_t ack, uint8_t flags) {
    return PacketSpec{0, seq, ack, 0, 0, dir, flags, Gap::Auto};
}

bool isData(const PacketSpec &p) { return p.length > 0; }

} // namespace

void FlowBuilder::build(uint64_t id, Flow &flow) const {
    Prng rng = Prng::forStream(opts_.seed, id);
    flow.id = id;
    flow.app = pickApp(rng);
    flow.tcp = !isUdpApp(flow.app);
    flow.ipv6 = rng.percent(opts_.ipv6Pct);
    flow.vlan = opts_.linktype == 1 && rng.percent(opts_.vlanPct) ? uint16_t(rng.range(1, 4094)) : 0;
    flow.ooo = flow.retrans = flow.rst = false;
    pickEndpoints(flow, rng);
    flow.conv.clear();
    flow.packets.clear();
    buildConversation(flow, rng);
    if (flow.tcp) layoutTcp(flow, rng);
    else layoutUdp(flow);
    assignTimes(flow, rng);
}

App FlowBuilder::pickApp(Prng &rng) const {
    uint32_t total = 0;
    for (uint32_t w : opts_.mix) total += w;
    uint32_t r = rng.below(total);
    for (int i = 0; i < kAppCount; ++i) {
        if (r < opts_.mix[i]) return App(i);
        r -= opts_.mix[i];
    }
    return App::Http;
}

// Clients: 64 flows per address, ports partitioned by flow id, so every 5-tuple is unique.
void FlowBuilder::pickEndpoints(Flow &flow, Prng &rng) const {
    const uint32_t client = uint32_t((flow.id >> 6) + 1) & 0xffffff;
    const uint32_t server = uint32_t(int(flow.app) * 4096 + rng.range(1, 255));
    Endpoint &c = flow.ends[kClient];
    Endpoint &s = flow.ends[kServer];
    c.ip.fill(0);
    s.ip.fill(0);
    if (flow.ipv6) {
        putBe32(c.ip.data(), 0x20010db8);
        putBe32(c.ip.data() + 4, 0x000c0000);
        putBe32(c.ip.data() + 12, client);
        putBe32(s.ip.data(), 0x20010db8);
        putBe32(s.ip.data() + 4, 0x00050000);
        putBe32(s.ip.data() + 12, server);
    } else {
        putBe32(c.ip.data(), 0x0a000000 | client);
        putBe32(s.ip.data(), 0xc6120000 | server);
    }
    c.port = uint16_t(1024 + (flow.id & 63) * 1000 + rng.below(1000));
    s.port = kServerPorts[int(flow.app)];
    c.mac = {0x02, 0x00, uint8_t(client >> 16), uint8_t(client >> 8), uint8_t(client), 0x01};
    s.mac = {0x02, 0x00, 0x5e, 0x00, 0x00, 0x01};   // the clients' gateway
    c.ttl = 64;
    s.ttl = uint8_t(64 - rng.range(3, 20));
    c.ipId = uint16_t(rng.below(65536));
    s.ipId = uint16_t(rng.below(65536));
}

void FlowBuilder::buildConversation(Flow &flow, Prng &rng) const {
    switch (flow.app) {
    case App::Http: buildHttp(flow.conv, rng); break;
    case App::Dns: buildDns(flow.conv, rng); break;
    case App::Tls: buildTls(flow.conv, rng); break;
    case App::Smtp: buildSmtp(flow.conv, rng, opts_.smtpAttachPct); break;
    default: buildDemo(flow.app, flow.conv, rng); break;
    }
}

void FlowBuilder::layoutUdp(Flow &flow) const {
    for (const Message &m : flow.conv.messages)
        flow.packets.push_back({0, 0, 0, m.offset, uint16_t(m.length), m.dir, 0, Gap::Auto});
    flow.packets.front().gap = Gap::First;
}

void FlowBuilder::layoutTcp(Flow &flow, Prng &rng) const {
    const uint32_t isn[2] = {uint32_t(rng.next()), uint32_t(rng.next())};
    uint32_t nxt[2] = {isn[kClient] + 1, isn[kServer] + 1};
    flow.packets.push_back(tcpPacket(kClient, isn[kClient], 0, kSyn));
    flow.packets.back().gap = Gap::First;
    flow.packets.push_back(tcpPacket(kServer, isn[kServer], nxt[kClient], kSyn | kAck));
    flow.packets.push_back(tcpPacket(kClient, nxt[kClient], nxt[kServer], kAck));
    uint32_t unacked = 0;
    for (size_t i = 0; i < flow.conv.messages.size(); ++i) layoutMessage(flow, i, nxt, unacked);
    closeTcp(flow, rng, nxt);
    if (rng.percent(opts_.oooPct)) injectReorder(flow, rng);
    if (rng.percent(opts_.retransPct)) injectRetransmission(flow, rng);
}

// MSS-sized segments, PSH on the last; the receiver ACKs every second segment, and at the
// end of the message unless its own next message carries the ACK.
void FlowBuilder::layoutMessage(Flow &flow, size_t index, uint32_t nxt[2], uint32_t &unacked) const {
    const Message &m = flow.conv.messages[index];
    const uint8_t d = m.dir, o = uint8_t(1 - d);
    for (uint32_t done = 0; done < m.length;) {
        const uint32_t len = m.length - done < kMss ? m.length - done : kMss;
        const bool last = done + len == m.length;
        PacketSpec p = tcpPacket(d, nxt[d], nxt[o], uint8_t(kAck | (last ? kPsh : 0)));
        p.offset = m.offset + done;
        p.length = uint16_t(len);
        if (done == 0 && m.thinkBefore) p.gap = Gap::Think;
        flow.packets.push_back(p);
        nxt[d] += len;
        done += len;
        if (++unacked == 2) {
            flow.packets.push_back(tcpPacket(o, nxt[o], nxt[d], kAck));
            unacked = 0;
        }
    }
    const bool nextIsOurs = index + 1 < flow.conv.messages.size() && flow.conv.messages[index + 1].dir == d;
    const bool lastMessage = index + 1 == flow.conv.messages.size();
    if (unacked && (nextIsOurs || lastMessage)) flow.packets.push_back(tcpPacket(o, nxt[o], nxt[d], kAck));
    unacked = 0;   // the peer's next segment acknowledges the rest
}

void FlowBuilder::closeTcp(Flow &flow, Prng &rng, uint32_t nxt[2]) const {
    if (rng.percent(opts_.rstPct)) {
        const uint8_t s = uint8_t(rng.below(2));
        flow.packets.push_back(tcpPacket(s, nxt[s], nxt[1 - s], kRst | kAck));
        flow.rst = true;
        return;
    }
    const uint8_t a = rng.percent(60) ? kClient : kServer, b = uint8_t(1 - a);
    flow.packets.push_back(tcpPacket(a, nxt[a], nxt[b], kFin | kAck));
    ++nxt[a];
    flow.packets.push_back(tcpPacket(b, nxt[b], nxt[a], kFin | kAck));
    ++nxt[b];
    flow.packets.push_back(tcpPacket(a, nxt[a], nxt[b], kAck));
}

// Swaps two adjacent, contiguous data segments of one sender (no ACK between them).
void FlowBuilder::injectReorder(Flow &flow, Prng &rng) const {
    std::vector<PacketSpec> &ps = flow.packets;
    uint32_t candidates = 0;
    for (size_t i = 0; i + 1 < ps.size(); ++i)
        candidates += isData(ps[i]) && isData(ps[i + 1]) && ps[i].dir == ps[i + 1].dir;
    if (candidates == 0) return;
    uint32_t pick = rng.below(candidates);
    for (size_t i = 0; i + 1 < ps.size(); ++i) {
        if (!(isData(ps[i]) && isData(ps[i + 1]) && ps[i].dir == ps[i + 1].dir)) continue;
        if (pick-- == 0) {
            std::swap(ps[i], ps[i + 1]);
            ps[i].gap = ps[i + 1].gap = Gap::Auto;
            flow.ooo = true;
            return;
        }
    }
}

// Sends one data segment (longer than one byte, so it never looks like a keep-alive)
// again after a retransmission timeout; segments involved in a reorder are left alone.
void FlowBuilder::injectRetransmission(Flow &flow, Prng &rng) const {
    std::vector<PacketSpec> &ps = flow.packets;
    auto eligible = [&](size_t i) {
        const bool nearSwap = flow.ooo && ((i > 0 && ps[i - 1].dir == ps[i].dir && isData(ps[i - 1]) &&
                                            ps[i - 1].seq > ps[i].seq) ||
                                           (i + 1 < ps.size() && ps[i + 1].dir == ps[i].dir &&
                                            isData(ps[i + 1]) && ps[i + 1].seq < ps[i].seq));
        return ps[i].length > 1 && !nearSwap;
    };
    uint32_t candidates = 0;
    for (size_t i = 0; i < ps.size(); ++i) candidates += eligible(i);
    if (candidates == 0) return;
    uint32_t pick = rng.below(candidates);
    for (size_t i = 0; i < ps.size(); ++i) {
        if (!eligible(i) || pick-- != 0) continue;
        PacketSpec copy = ps[i];
        copy.gap = Gap::Rto;
        ps.insert(ps.begin() + long(i) + 1, copy);
        flow.retrans = true;
        return;
    }
}

void FlowBuilder::assignTimes(Flow &flow, Prng &rng) const {
    const uint32_t rtt = rng.range(1000, 80000);
    int64_t t = 0;
    for (size_t i = 0; i < flow.packets.size(); ++i) {
        PacketSpec &p = flow.packets[i];
        switch (p.gap) {
        case Gap::First: break;
        case Gap::Think: t += rng.range(5000, 300000); break;
        case Gap::Rto: t += rng.range(200000, 400000); break;
        case Gap::Auto:
            if (i > 0 && flow.packets[i - 1].dir == p.dir) t += rng.range(20, 300);
            else t += rtt / 2 + rng.below(2000);
            break;
        }
        p.relUsec = t;
    }
}

} // namespace luacap::pcapgen

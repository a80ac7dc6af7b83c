// WsluaSessionObserver implementation (its packet thread).
#include "wslua/wslua_session_observer.h"

#include <algorithm>
#include <cctype>
#include <typeinfo>

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "session/session.h"
#include "wslua/wslua_context.h"

namespace luacap::luaapi::wslua {

namespace {
constexpr uint32_t kPostKey = 0xffff;   // post-dissector trees print after the frame's others
}

WsluaSessionObserver::WsluaSessionObserver(LuaHost &host, const WsluaOptions &options)
    : host_(host), ctx_(WsluaContext::from(host.state())), options_(options), runner_(host, ctx_)
{
    ctx_.builtins = options.builtins;
    protocolField_ = engine::FieldRegistry::Protocol;
    expertField_ = host.fields().idOf("wslua.expertCount");
}

// Only hands text to the run's output: the host may already be gone.
WsluaSessionObserver::~WsluaSessionObserver()
{
    if (options_.tree)
        options_.tree->merge(std::move(trees_));
}

void WsluaSessionObserver::onNewSession(engine::Session &s)
{
    if (wantsPayload(s.key.ipProtocol) || !ctx_.postDissectors.empty())
        s.attachParser(std::make_unique<WsluaSessionState>(*this));
}

// Read on every payload, not cached: dissectors may add to the tables while the run goes on.
bool WsluaSessionObserver::wantsPayload(uint8_t ipProtocol) const
{
    if (ipProtocol == 6 && !ctx_.tcpPorts.empty())
        return true;
    if (ipProtocol == 17 && !ctx_.udpPorts.empty())
        return true;
    for (const Heuristic &h : ctx_.heuristics)
        if (h.transport == ipProtocol)
            return true;
    return false;
}

WsluaSessionState *WsluaSessionObserver::stateOf(engine::Session &s) const
{
    // On every packet: the class is final, so comparing type_info is dynamic_cast's answer
    // without its hierarchy walk.
    for (const auto &p : s.parsers) {
        if (typeid(*p) != typeid(WsluaSessionState))
            continue;
        auto *st = static_cast<WsluaSessionState *>(p.get());
        if (&st->owner() == this)
            return st;
    }
    return nullptr;
}

void WsluaSessionObserver::onPacket(engine::Session &s, const engine::PacketInfo &p, const uint8_t *bytes, int)
{
    WsluaSessionState *st = stateOf(s);
    if (!st)
        return;
    if (st->firstFrame == 0) {
        st->firstFrame = p.frameNumber;
        if (pass_ == Pass::Second)
            host_.conversations().adopt(&s, st->firstFrame);
    }
    PacketMeta &m = st->meta;
    m.frame = p.frameNumber;
    m.tsUsec = p.tsUsec;
    m.sessionStartUsec = s.firstPacketUsec;
    m.wireLen = p.wireLen;
    m.capLen = p.capLen;
    m.family = p.ipFamily;
    m.src = p.srcIp;
    m.dst = p.dstIp;
    m.srcPort = p.srcPort;
    m.dstPort = p.dstPort;
    m.ipProtocol = p.ipProtocol;
    m.payloadOffset = p.payloadOffset;
    if (ctx_.postDissectors.empty())
        return;
    Dissection &d = dissection_;
    begin(d, s, *st, s.directionOf(p));
    d.frameTvb = bytes;
    for (int proto : ctx_.postDissectors) {
        const WsProto &post = *ctx_.protos[size_t(proto)];
        if (post.dissector.valid())
            runner_.run(post.dissector, post.dissectorLabel, bytes, p.capLen);
    }
    finish(d, s, *st, true);
}

void WsluaSessionObserver::begin(Dissection &d, engine::Session &s, WsluaSessionState &st, int direction)
{
    d.reset();
    d.meta = &st.meta;
    d.session = &s;
    d.state = &st;
    d.direction = direction;
    d.visited = pass_ == Pass::Second;
    d.wantTree = options_.tree != nullptr && pass_ != Pass::First;
    ctx_.begin(d);
    host_.setSession(&s);   // named by error reports and --trace-lua
}

// Ends the packet's objects' lives, then moves what the dissectors said into the session.
void WsluaSessionObserver::finish(Dissection &d, engine::Session &s, WsluaSessionState &st, bool post)
{
    ctx_.end();
    host_.setSession(nullptr);
    d.privateTable.reset();   // now: the observer may outlive the host
    if (!d.protocol.empty()) {
        std::string lower = d.protocol;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        s.fields.addString(host_.fields().get(protocolField_), lower);
    }
    st.experts += d.experts;
    if (d.wantTree && !d.tree.empty()) {
        const uint64_t key = uint64_t(st.meta.frame) << 16 | (post ? kPostKey : (treeSeq_++ & 0x7fff));
        d.tree.render(trees_[key]);
    }
}

void WsluaSessionObserver::feed(engine::Session &s, WsluaSessionState &st, int direction, const uint8_t *data,
                                uint32_t len)
{
    if (!wantsPayload(s.key.ipProtocol))   // post-dissectors only: nothing to call here
        return;
    Dissection &d = dissection_;
    begin(d, s, st, direction);
    d.canDesegment = s.key.ipProtocol == 6;
    if (!d.canDesegment) {   // a datagram's payload: a slice of its frame
        d.frameTvb = data;
        d.frameOffset = st.meta.payloadOffset;
    }
    if (d.canDesegment && st.pending[direction].need)
        feedPending(s, st, d, data, len);
    else
        feedFresh(s, st, d, data, len);
    finish(d, s, st, false);
}

bool WsluaSessionObserver::tcpPortsFor(const engine::Session &s, int &low, int &high) const
{
    const auto &table = s.key.ipProtocol == 6 ? ctx_.tcpPorts : ctx_.udpPorts;
    const uint16_t a = std::min(s.firstSrcPort, s.firstDstPort), b = std::max(s.firstSrcPort, s.firstDstPort);
    const auto lo = table.find(a), hi = table.find(b);
    low = lo == table.end() ? -1 : lo->second;
    high = hi == table.end() || a == b ? -1 : hi->second;
    return low >= 0 || high >= 0;
}

// Port-table dissectors (lower port first), then the transport's heuristics, until one takes it.
void WsluaSessionObserver::feedFresh(engine::Session &s, WsluaSessionState &st, Dissection &d, const uint8_t *data,
                                     uint32_t len)
{
    int low = -1, high = -1;
    tcpPortsFor(s, low, high);
    for (int handler : {low, high}) {
        if (handler >= 0 && call(st, d, handler, data, len) != 0)
            return;
    }
    for (size_t i = 0; i < ctx_.heuristics.size(); ++i) {
        if (ctx_.heuristics[i].transport == s.key.ipProtocol && call(st, d, -int(i) - 1, data, len) != 0)
            return;
    }
}

// A dissector waits for more bytes: call it once it has them (or with the next segment for
// DESEGMENT_ONE_MORE_SEGMENT); bytes past what it asked for start the next PDU.
void WsluaSessionObserver::feedPending(engine::Session &s, WsluaSessionState &st, Dissection &d,
                                       const uint8_t *data, uint32_t len)
{
    WsluaSessionState::Pending &p = st.pending[d.direction];
    p.bytes.insert(p.bytes.end(), data, data + len);
    while (p.need && (p.need == WsluaSessionState::kOneMoreSegment || p.bytes.size() >= p.need)) {
        std::vector<uint8_t> buf = std::move(p.bytes);
        p.bytes.clear();
        const size_t take = p.need == WsluaSessionState::kOneMoreSegment ? buf.size() : p.need;
        const int handler = p.handler;
        p.need = 0;
        call(st, d, handler, buf.data(), uint32_t(take));
        if (take == buf.size())
            break;
        if (p.need) {
            p.bytes.insert(p.bytes.end(), buf.begin() + long(take), buf.end());
            continue;
        }
        feedFresh(s, st, d, buf.data() + take, uint32_t(buf.size() - take));
        break;
    }
}

int64_t WsluaSessionObserver::call(WsluaSessionState &st, Dissection &d, int handler, const uint8_t *data,
                                   uint32_t len)
{
    const bool heuristic = handler < 0;
    const Heuristic *h = heuristic ? &ctx_.heuristics[size_t(-handler - 1)] : nullptr;
    const WsProto &proto = *ctx_.protos[size_t(heuristic ? h->proto : handler)];
    const LuaRef &fn = heuristic ? h->function : proto.dissector;
    if (!fn.valid())
        return 0;
    d.desegmentLen = d.desegmentOffset = 0;
    const int64_t consumed = runner_.run(fn, heuristic ? proto.heuristicLabel : proto.dissectorLabel, data, len);
    if (consumed == DissectorRunner::kFailed)
        return consumed;   // Wireshark shows the error and goes on with the next packet
    if (d.canDesegment && d.desegmentLen > 0 && d.desegmentOffset < len && (consumed != 0 || !heuristic)) {
        WsluaSessionState::Pending &p = st.pending[d.direction];
        p.bytes.assign(data + d.desegmentOffset, data + len);
        p.need = d.desegmentLen >= WsluaSessionState::kOneMoreSegment
                     ? WsluaSessionState::kOneMoreSegment
                     : uint32_t(len - d.desegmentOffset) + d.desegmentLen;
        p.handler = handler;
        return len;
    }
    return consumed;
}

void WsluaSessionObserver::preSave(engine::Session &s, WsluaSessionState &st)
{
    if (st.experts && expertField_ >= 0)
        s.fields.addInt(host_.fields().get(expertField_), int64_t(st.experts));
    st.experts = 0;
}

void WsluaSessionObserver::onSessionFreed(engine::Session &s)
{
    const WsluaSessionState *st = pass_ == Pass::First ? stateOf(s) : nullptr;
    if (st && st->firstFrame)
        host_.conversations().retain(&s, st->firstFrame);
    else
        host_.conversations().release(&s);
}

void WsluaSessionObserver::setPass(Pass pass)
{
    pass_ = pass;
    if (pass == Pass::Second)
        host_.adoptThread();
}

} // namespace luacap::luaapi::wslua

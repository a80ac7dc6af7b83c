// SessionObserver: the engine's hook interface. Built-in parsers and the Lua host implement it;
// the engine calls it on the packet thread that owns the session. The engine never knows Lua.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "decode/packet_info.h"

namespace luacap::engine {

struct Session;
class HttpObserver;

class SessionObserver {
public:
    virtual ~SessionObserver() = default;
    // A session was created by its first packet (called before onPacket for that packet).
    virtual void onNewSession(Session &) {}
    // Every packet of the session, after the session's counters were updated.
    virtual void onPacket(Session &, const PacketInfo &, const uint8_t * /*bytes*/, int /*direction*/) {}
    // Payload in order: reassembled TCP stream bytes, or one UDP/SCTP/other datagram's payload.
    virtual void onData(Session &, int /*direction*/, const uint8_t * /*data*/, uint32_t /*len*/) {}
    // TCP bytes that will never arrive (a gap the reassembler skipped).
    virtual void onGap(Session &, int /*direction*/, uint32_t /*len*/) {}
    // The session is about to be written; final is false for intermediate saves.
    virtual void onPreSave(Session &, bool /*final*/) {}
    // The session's final record was written; it is destroyed right after this call.
    virtual void onSessionFreed(Session &) {}
    // Between two batches, when no observer holds a pointer into shared read-mostly data: the
    // packet thread's quiescent state (shared maps free old versions after it); clockUsec is
    // the input clock at the end of the batch.
    virtual void onBatchEnd(int64_t /*clockUsec*/) {}
    // The HTTP/SMTP listener this observer brings, if any: the SessionTable registers it in
    // its thread's HttpObserverList when the observer is added. Lives as long as the observer.
    virtual HttpObserver *httpObserver() { return nullptr; }
};

// Builds a packet thread's observers (parsers, the Lua host). Called on that packet thread
// before its first packet, so what it creates (a lua_State) belongs to that thread; the
// observers are destroyed on it after the last save.
using ObserverFactory = std::function<std::vector<std::unique_ptr<SessionObserver>>(int thread)>;

} // namespace luacap::engine

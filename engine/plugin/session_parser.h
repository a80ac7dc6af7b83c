// SessionParser: per-session parser state owned by the session (packet thread). A built-in
// parser or a Lua parser attaches one to a session (usually from a classifier) and the engine
// feeds it the session's in-order payload until it says it is done or the session is freed.
#pragma once

#include <cstdint>

namespace luacap::engine {

struct Session;

class SessionParser {
public:
    enum class Result { Continue, Done };   // Done: detach and destroy this parser (Arkime's -1)

    virtual ~SessionParser() = default;
    // In-order payload of one direction (0 = from the source/initiator, 1 = from the destination):
    // reassembled TCP stream bytes, or one datagram's payload for UDP/SCTP.
    virtual Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) = 0;
    // TCP bytes that will never arrive (the reassembler skipped a hole).
    virtual Result onGap(Session &, int /*direction*/, uint32_t /*len*/) { return Result::Continue; }
    // Before every save (final == false for intermediate saves): flush what is pending into fields.
    virtual void onPreSave(Session &, bool /*final*/) {}
    // A packet or so before the session's next packet: start loading (prefetch, never read)
    // memory that packet's callbacks will touch and the engine cannot see (a script's tables).
    virtual void prefetch() const {}
};

} // namespace luacap::engine

// SessionCommand: work that another thread (an HTTP reply on the main thread, a timer) hands
// to the packet thread that owns a session. Built anywhere, run only on that packet thread.
#pragma once

#include <cstdint>
#include <functional>

#include "session/session_key.h"

namespace luacap::engine {

struct Session;

// Names a session without pointing at it: the session may be gone by the time the command
// runs (force-saved after its outstanding wait), and a key alone may name a later session.
struct SessionRef {
    bool valid = false;          // false: the command is not about any session
    SessionKey key;
    int64_t firstPacketUsec = 0;
};

struct SessionCommand {
    SessionRef session;
    // Runs on the owning packet thread with the session, or nullptr when it is gone (or
    // session.valid is false). Must own no thread-bound resources: a command posted after
    // its packet thread ended is destroyed unrun, maybe on another thread.
    std::function<void(Session *)> run;
    // Answers work announced with SessionCommandQueue::expect (replay waits for those).
    bool answersExpected = false;
};

} // namespace luacap::engine

// SessionStreamSink: forwards what a TcpReassembler delivers for one session direction to the
// observers, counting data bytes and the first payload bytes on the way (packet thread).
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "plugin/session_observer.h"
#include "session/session.h"
#include "session/session_feed.h"
#include "session/tcp_reassembler.h"

namespace luacap::engine {

class SessionStreamSink final : public StreamSink {
public:
    SessionStreamSink(Session &session, int direction, const std::vector<SessionObserver *> &observers)
        : session_(session), direction_(direction), observers_(observers)
    {
    }

    // Arkime counts TCP data bytes and payload8 on the reassembled stream, so a
    // retransmission is neither counted twice nor shown as the first bytes.
    void data(const uint8_t *bytes, uint32_t len) override
    {
        DirectionStats &d = session_.dir[direction_];
        d.dataBytes += len;
        if (d.payload8Len < d.payload8.size()) {
            const uint32_t copy = std::min<uint32_t>(len, uint32_t(d.payload8.size() - d.payload8Len));
            std::memcpy(d.payload8.data() + d.payload8Len, bytes, copy);
            d.payload8Len = uint8_t(d.payload8Len + copy);
        }
        feedData(session_, direction_, bytes, len, observers_);
    }

    void gap(uint32_t len) override
    {
        feedGap(session_, direction_, len, observers_);
    }

private:
    Session &session_;
    int direction_;
    const std::vector<SessionObserver *> &observers_;
};

} // namespace luacap::engine

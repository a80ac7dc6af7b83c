// WsluaSessionState: one session's Wireshark-style dissection state, owned by the session
// (attached as a SessionParser): the packet pinfo describes, each direction's bytes kept
// for a dissector that asked for more (desegment_len), and the expert info count. Holds no
// Lua references (conversation data lives in the host's store). Packet thread.
#pragma once

#include <cstdint>
#include <vector>

#include "plugin/session_parser.h"
#include "wslua/packet_meta.h"

namespace luacap::luaapi::wslua {

class WsluaSessionObserver;

class WsluaSessionState final : public engine::SessionParser {
public:
    static constexpr uint32_t kOneMoreSegment = 0x0fffffff;   // DESEGMENT_ONE_MORE_SEGMENT

    // Bytes a dissector asked to see again with more data behind them.
    struct Pending {
        std::vector<uint8_t> bytes;
        uint32_t need = 0;      // total bytes wanted before the next call; 0: nothing pending
        int handler = 0;        // which dissector asked (WsluaSessionObserver's handler id)
    };

    explicit WsluaSessionState(WsluaSessionObserver &owner) : owner_(owner) {}
    Result onData(engine::Session &session, int direction, const uint8_t *data, uint32_t len) override;
    void onPreSave(engine::Session &session, bool final) override;

    const WsluaSessionObserver &owner() const { return owner_; }
    PacketMeta meta;            // the session's latest packet
    Pending pending[2];
    uint64_t experts = 0;

private:
    WsluaSessionObserver &owner_;
};

} // namespace luacap::luaapi::wslua

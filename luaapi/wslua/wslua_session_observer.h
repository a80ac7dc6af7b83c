// WsluaSessionObserver: one packet thread's Wireshark-style dissectors. Shares the thread's
// LuaHost with the Arkime observer; attaches a WsluaSessionState to sessions some dissector
// may see, runs port-table dissectors (lower port first), then heuristics, on each in-order
// TCP chunk (with desegment_len/offset reassembly) and UDP datagram, and post-dissectors on
// every packet; turns columns and expert infos into session fields and keeps --tree text.
// Created, called and destroyed on its packet thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "plugin/session_observer.h"
#include "wslua/dissection.h"
#include "wslua/dissector_runner.h"
#include "wslua/wslua_options.h"
#include "wslua/wslua_session_state.h"

namespace luacap::luaapi {
class LuaHost;
}

namespace luacap::luaapi::wslua {

class WsluaContext;

class WsluaSessionObserver final : public engine::SessionObserver {
public:
    WsluaSessionObserver(LuaHost &host, const WsluaOptions &options);
    ~WsluaSessionObserver() override;

    void onNewSession(engine::Session &s) override;
    void onPacket(engine::Session &s, const engine::PacketInfo &p, const uint8_t *bytes, int direction) override;
    void onSessionFreed(engine::Session &s) override;

    // --two-pass (like tshark -2). Pass 1 keeps each session's conversation and packet data
    // for pass 2, which sees them with pinfo.visited true and alone builds --tree text.
    // Pass 2 starts on a new packet thread: the observer takes the host over to it.
    enum class Pass { Only, First, Second };
    void setPass(Pass pass);

    // Payload of a session with state (called by WsluaSessionState::onData).
    void feed(engine::Session &s, WsluaSessionState &st, int direction, const uint8_t *data, uint32_t len);
    void preSave(engine::Session &s, WsluaSessionState &st);
    const engine::ClassifierTable *builtins() const { return options_.builtins; }

private:
    void feedFresh(engine::Session &s, WsluaSessionState &st, Dissection &d, const uint8_t *data, uint32_t len);
    void feedPending(engine::Session &s, WsluaSessionState &st, Dissection &d, const uint8_t *data, uint32_t len);
    // Calls one handler; keeps what it asked to see again. Returns bytes consumed (0: not mine).
    int64_t call(WsluaSessionState &st, Dissection &d, int handler, const uint8_t *data, uint32_t len);
    bool tcpPortsFor(const engine::Session &s, int &low, int &high) const;
    void begin(Dissection &d, engine::Session &s, WsluaSessionState &st, int direction);
    void finish(Dissection &d, engine::Session &s, WsluaSessionState &st, bool post);
    bool wantsPayload(uint8_t ipProtocol) const;
    WsluaSessionState *stateOf(engine::Session &s) const;

    LuaHost &host_;
    WsluaContext &ctx_;
    const WsluaOptions &options_;
    DissectorRunner runner_;
    Dissection dissection_;   // reused for every packet (one at a time: calls never nest here)
    Pass pass_ = Pass::Only;
    int protocolField_ = 0;
    int expertField_ = -1;
    std::map<uint64_t, std::string> trees_;   // --tree: (frame << 16 | n) -> text
    uint32_t treeSeq_ = 0;
};

} // namespace luacap::luaapi::wslua

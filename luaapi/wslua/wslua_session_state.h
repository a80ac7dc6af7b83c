// WsluaSessionState: one session's Wireshark-style dissection state, owned by the session
// (attached as a SessionParser): the packet pinfo describes, each direction's bytes kept
// for a dissector that asked for more (desegment_len), and the expert info count. Owns no
// Lua references (conversation data lives in the host's store; it only keeps the numbers of
// the store's value refs it reads, valid as long as the session). Packet thread.
#pragma once

#include <array>
#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <string>
#include <vector>

#include "plugin/session_parser.h"
#include "wslua/packet_meta.h"

namespace luacap::luaapi::wslua {

class WsluaSessionObserver;
struct WsProto;

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
    // The script's conversation value for the next packet: a miss on every packet otherwise,
    // since sessions take turns.
    void prefetch() const override { __builtin_prefetch(conversationValue); }

    const WsluaSessionObserver &owner() const { return owner_; }
    // Built-in parsers Dissector.get("http"):call feeds, by name; made on first use by the
    // parser's classifier, kept out of the session's own parsers (they get only what Lua hands them).
    engine::SessionParser *builtin(engine::Session &session, const std::string &name, int direction,
                                   const uint8_t *data, uint32_t len);
    void dropBuiltin(const engine::SessionParser *parser);

    PacketMeta meta;            // the session's latest packet
    uint32_t firstFrame = 0;    // names the session across the passes of --two-pass
    Pending pending[2];
    uint64_t experts = 0;
    // ConversationStore::valueRef of the first protos that read conversation data here (a
    // dissector reads its own on every packet); others look theirs up in the store.
    struct ConversationRef {
        const WsProto *proto = nullptr;
        int ref = LUA_NOREF;
    };
    std::array<ConversationRef, 2> conversationRefs;
    // Where the last conversation value read lives (lua_topointer): only prefetched, never
    // dereferenced, so a stale address costs nothing but a wasted load.
    const void *conversationValue = nullptr;

private:
    WsluaSessionObserver &owner_;
    std::vector<std::pair<std::string, std::unique_ptr<engine::SessionParser>>> builtins_;
};

} // namespace luacap::luaapi::wslua

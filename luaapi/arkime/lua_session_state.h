// LuaSessionState: one session's Lua side, attached to the session as a SessionParser so the
// session owns it: its Lua parsers (registry refs) are released with the session
// (onSessionFreed, or the session's destruction at the latest). session:table() lives in the
// host's conversation store, released by the observer at the same point. Packet thread.
#pragma once

#include <cstdint>
#include <vector>

#include "conversation/conversation_store.h"
#include "host/lua_ref.h"
#include "plugin/session_parser.h"

namespace luacap::luaapi {

class LuaSessionObserver;

class LuaSessionState final : public engine::SessionParser {
public:
    explicit LuaSessionState(LuaSessionObserver &owner) : owner_(owner) {}

    // The engine feeds payload here (after the observers): classifiers, then Lua parsers.
    Result onData(engine::Session &session, int direction, const uint8_t *data, uint32_t len) override;

    void addParser(LuaRef parser) { parsers_.push_back(std::move(parser)); }
    // session:table(): the store's ref, remembered here because the Arkime API asks for it on
    // every chunk and a hash lookup per call missed the cache (9% of a parser bench's time).
    void pushTable(conversation::ConversationStore &store, lua_State *L, const void *session);
    std::vector<LuaRef> &parsers() { return parsers_; }
    // Drops every Lua reference (the session was written for the last time).
    void release();
    // True once for each direction: its first payload goes to the classifiers.
    bool firstPayload(int direction);
    const LuaSessionObserver &owner() const { return owner_; }
    // http_on / body feed callbacks (by slot) that returned -1 for this session.
    bool switchedOff(uint32_t slot) const { return slot < off_.size() && off_[slot]; }
    void switchOff(uint32_t slot);

private:
    LuaSessionObserver &owner_;
    std::vector<LuaRef> parsers_;
    int tableRef_ = LUA_NOREF;
    uint64_t tableGeneration_ = 0;
    uint8_t classified_ = 0;   // bit per direction
    std::vector<bool> off_;    // empty until a callback switches itself off
};

} // namespace luacap::luaapi

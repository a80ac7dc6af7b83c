// LuaSessionState implementation (the packet thread owning the session).
#include "arkime/lua_session_state.h"

#include "arkime/lua_session_observer.h"

namespace luacap::luaapi {

engine::SessionParser::Result LuaSessionState::onData(engine::Session &session, int direction,
                                                      const uint8_t *data, uint32_t len)
{
    owner_.feed(session, *this, direction, data, len);
    return Result::Continue;   // Lua parsers leave one by one (-1); the state stays
}

void LuaSessionState::release()
{
    parsers_.clear();
    tableRef_ = LUA_NOREF;   // the store releases the table itself
}

void LuaSessionState::pushTable(conversation::ConversationStore &store, lua_State *L, const void *session)
{
    if (tableRef_ == LUA_NOREF || tableGeneration_ != store.tableGeneration()) {
        tableRef_ = store.sessionTableRef(session);
        tableGeneration_ = store.tableGeneration();
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, tableRef_);
}

void LuaSessionState::switchOff(uint32_t slot)
{
    if (slot >= off_.size())
        off_.resize(slot + 1);
    off_[slot] = true;
}

bool LuaSessionState::firstPayload(int direction)
{
    const uint8_t bit = uint8_t(1u << direction);
    if (classified_ & bit)
        return false;
    classified_ = uint8_t(classified_ | bit);
    return true;
}

} // namespace luacap::luaapi

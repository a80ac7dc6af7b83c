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

// WsluaSessionState implementation (the packet thread owning the session).
#include "wslua/wslua_session_state.h"

#include "wslua/wslua_session_observer.h"

namespace luacap::luaapi::wslua {

engine::SessionParser::Result WsluaSessionState::onData(engine::Session &session, int direction,
                                                        const uint8_t *data, uint32_t len)
{
    owner_.feed(session, *this, direction, data, len);
    return Result::Continue;
}

void WsluaSessionState::onPreSave(engine::Session &session, bool)
{
    owner_.preSave(session, *this);
}

} // namespace luacap::luaapi::wslua

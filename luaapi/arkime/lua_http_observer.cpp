// LuaHttpObserver implementation (its packet thread).
#include "arkime/lua_http_observer.h"

#include "arkime/arkime_data.h"
#include "arkime/arkime_session.h"
#include "arkime/lua_session_observer.h"
#include "arkime/lua_session_state.h"
#include "host/lua_host.h"

namespace luacap::luaapi {

using engine::BodyFeed;
using engine::HttpAction;
using engine::HttpEvent;

namespace {
constexpr int kNoDirection = -1;   // body feeds get (session, data) only, as in Arkime
} // namespace

LuaHttpObserver::LuaHttpObserver(LuaSessionObserver &owner, LuaHost &host, const Registrations &registrations)
    : owner_(owner), host_(host)
{
    for (const auto &[type, function] : registrations.httpOn)
        add(events_[size_t(type)], engine::httpEventBit(HttpEvent(type)), function);
    for (const auto &[type, function] : registrations.bodyFeeds) {
        const BodyFeed feed = type == "smtp" ? BodyFeed::Smtp : BodyFeed::Http;
        add(feeds_[size_t(feed)], engine::bodyFeedBit(feed), function);
    }
}

void LuaHttpObserver::add(Callbacks &list, uint32_t bit, const std::string &function)
{
    list.push_back(Callback{GlobalFunction(host_.state(), function), slots_++});
    wanted_ |= bit;
}

HttpAction LuaHttpObserver::onHttp(engine::Session &s, HttpEvent e, int direction, const uint8_t *data, uint32_t len)
{
    return run(s, events_[size_t(e)], data, len, direction);
}

HttpAction LuaHttpObserver::onBodyFeed(engine::Session &s, BodyFeed f, int, const uint8_t *data, uint32_t len)
{
    return run(s, feeds_[size_t(f)], data ? data : reinterpret_cast<const uint8_t *>(""), len, kNoDirection);
}

// Calls every callback of list still on for this session, in registration order. The session
// handle and the data are shared by those calls and die together when the last returns. The
// engine stops calling for this session once every callback of the list returned -1.
HttpAction LuaHttpObserver::run(engine::Session &s, const Callbacks &list, const uint8_t *data, uint32_t len,
                                int direction)
{
    LuaSessionState *st = owner_.stateOf(s);
    if (!st)
        return HttpAction::StopSession;   // a session the scripts cannot see
    lua_State *L = host_.state();
    const int base = lua_gettop(L);
    bool anyOn = false;
    {
        CallbackScope scope(host_);
        pushSession(host_, s, *st);
        if (data)
            pushBorrowedData(host_, data, len, true);
        else
            lua_pushnil(L);   // HEADERS_COMPLETE, MESSAGE_COMPLETE, a response's MESSAGE_BEGIN
        for (const Callback &cb : list) {
            if (st->switchedOff(cb.slot))
                continue;
            if (callOne(cb.function, base, direction))
                st->switchOff(cb.slot);
            else
                anyOn = true;
        }
    }
    lua_settop(L, base);
    return anyOn ? HttpAction::Continue : HttpAction::StopEvent;
}

// True when the function returned -1 (Arkime: switch it off for this session). A failed call
// or a missing function stays on, so every later call counts in luaErrors too.
bool LuaHttpObserver::callOne(const GlobalFunction &function, int base, int direction)
{
    lua_State *L = host_.state();
    if (!function.push(L, host_.errors()))   // per call, as Arkime: a script may redefine it
        return false;
    lua_pushvalue(L, base + 1);
    lua_pushvalue(L, base + 2);
    const bool http = direction != kNoDirection;
    if (http)
        lua_pushinteger(L, direction);
    if (!host_.call(http ? 3 : 2, 1, function.name()))
        return false;
    const bool off = lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == -1;
    lua_pop(L, 1);
    return off;
}

} // namespace luacap::luaapi

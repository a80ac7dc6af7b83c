// LuaHttpObserver: delivers the built-in HTTP and SMTP parsers' events to one packet thread's
// Lua, as Arkime does: http_on callbacks get (session, ArkimeData or nil, direction), body feed
// functions (session, ArkimeData). Owned by that thread's LuaSessionObserver; packet thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "host/global_function.h"
#include "host/registrations.h"
#include "plugin/http_observer.h"

namespace luacap::luaapi {

class LuaHost;
class LuaSessionObserver;

class LuaHttpObserver final : public engine::HttpObserver {
public:
    LuaHttpObserver(LuaSessionObserver &owner, LuaHost &host, const Registrations &registrations);

    // 0 when no script registered an http_on callback or a body feed.
    uint32_t wanted() const override { return wanted_; }
    engine::HttpAction onHttp(engine::Session &s, engine::HttpEvent e, int direction, const uint8_t *data,
                              uint32_t len) override;
    engine::HttpAction onBodyFeed(engine::Session &s, engine::BodyFeed f, int direction, const uint8_t *data,
                                  uint32_t len) override;

private:
    // slot: the callback's index among all of them, for the session's switched-off set.
    struct Callback {
        GlobalFunction function;
        uint32_t slot;
    };
    using Callbacks = std::vector<Callback>;
    void add(Callbacks &list, uint32_t bit, const std::string &function);
    engine::HttpAction run(engine::Session &s, const Callbacks &list, const uint8_t *data, uint32_t len,
                           int direction);
    bool callOne(const GlobalFunction &function, int base, int direction);

    LuaSessionObserver &owner_;
    LuaHost &host_;
    std::array<Callbacks, size_t(engine::HttpEvent::Count)> events_;
    std::array<Callbacks, size_t(engine::BodyFeed::Count)> feeds_;
    uint32_t wanted_ = 0;
    uint32_t slots_ = 0;
};

} // namespace luacap::luaapi

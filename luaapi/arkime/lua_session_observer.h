// LuaSessionObserver: one packet thread's Lua. Owns that thread's LuaHost, attaches a
// LuaSessionState to each session the scripts care about, and runs classifiers, parsers,
// pre-save and save callbacks. Created, called and destroyed on its packet thread.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "host/global_function.h"
#include "host/lua_host.h"
#include "plugin/session_observer.h"

namespace luacap::luaapi {

class LuaHttpObserver;
class LuaRuntime;
class LuaSessionState;

class LuaSessionObserver final : public engine::SessionObserver {
public:
    // Loads every script into a new state; throws std::runtime_error when a script fails or
    // registers differently than on the main thread's load (the packet thread then refuses
    // to start and nothing is read).
    LuaSessionObserver(LuaRuntime &runtime, const engine::FieldRegistry &fields, int thread);
    ~LuaSessionObserver() override;

    void onNewSession(engine::Session &s) override;
    void onPreSave(engine::Session &s, bool final) override;
    void onSessionFreed(engine::Session &s) override;
    // The http_on / body feed deliverer, null when no script registered one.
    engine::HttpObserver *httpObserver() override;

    // Payload of a session with Lua state (called by LuaSessionState::onData).
    void feed(engine::Session &s, LuaSessionState &st, int direction, const uint8_t *data, uint32_t len);
    // The thread's Lua host (the Wireshark-style observer shares it).
    LuaHost &host() { return *host_; }
    // The session's Lua state, or null for a session no script can see.
    LuaSessionState *stateOf(engine::Session &s) const;

private:
    void classify(engine::Session &s, int base, int direction, const uint8_t *data, uint32_t len);
    void runParsers(LuaSessionState &st, int base, int direction);
    void callSaves(engine::Session &s, LuaSessionState &st, const std::vector<GlobalFunction> &functions, bool final);

    LuaRuntime &runtime_;
    std::unique_ptr<LuaHost> host_;
    std::unique_ptr<LuaHttpObserver> http_;   // after host_: goes first
    // The registered callbacks, in registration order (the classifiers' as in registrations).
    std::vector<GlobalFunction> classifiers_, preSave_, save_;
    std::array<bool, 256> classifies_{};   // by IP protocol: some classifier registered for it
    bool saves_ = false;                   // some pre_save or save callback registered
};

} // namespace luacap::luaapi

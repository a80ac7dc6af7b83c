// LuaSessionObserver: one packet thread's Lua. Owns that thread's LuaHost and per-session
// Lua state; runs classifiers, parsers, pre-save and save callbacks. Created, called and
// destroyed on its packet thread.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "arkime/session_state.h"
#include "host/lua_host.h"
#include "plugin/session_observer.h"

namespace luacap::luaapi {

class LuaRuntime;

class LuaSessionObserver final : public engine::SessionObserver {
public:
    LuaSessionObserver(LuaRuntime &runtime, const engine::FieldRegistry &fields, int thread);
    ~LuaSessionObserver() override;

    void onNewSession(engine::Session &s) override;
    void onData(engine::Session &s, int direction, const uint8_t *data, uint32_t len) override;
    void onPreSave(engine::Session &s, bool final) override;

private:
    void classify(engine::Session &s, SessionState &st, int direction, const uint8_t *data, uint32_t len);
    void runParsers(engine::Session &s, SessionState &st, int direction, const uint8_t *data, uint32_t len);
    void callSaves(engine::Session &s, SessionState &st, const std::vector<std::string> &functions, bool final);
    bool pushGlobal(const std::string &name);

    LuaRuntime &runtime_;
    std::unique_ptr<LuaHost> host_;
    bool enabled_ = false;
    std::unordered_map<const engine::Session *, SessionState> states_;
};

} // namespace luacap::luaapi

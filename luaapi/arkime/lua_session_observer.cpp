// LuaSessionObserver implementation (its packet thread).
#include "arkime/lua_session_observer.h"

#include <cstring>

#include "arkime/arkime_session.h"
#include "host/lua_runtime.h"
#include "session/session.h"

namespace luacap::luaapi {

LuaSessionObserver::LuaSessionObserver(LuaRuntime &runtime, const engine::FieldRegistry &fields, int thread)
    : runtime_(runtime),
      host_(std::make_unique<LuaHost>(runtime.limits(), fields, nullptr, &runtime.registrations()))
{
    for (const std::string &file : runtime.files()) {
        std::string error;
        if (!host_->loadFile(file, &error)) {
            runtime.setFatal("packet thread " + std::to_string(thread) + ": " + error);
            return;
        }
    }
    if (host_->registrations().snapshot() != runtime.registrations().snapshot()) {
        runtime.setFatal("packet thread " + std::to_string(thread) +
                         ": the scripts registered differently than on the first load (registrations must "
                         "not depend on anything but the scripts)");
        return;
    }
    enabled_ = true;
}

LuaSessionObserver::~LuaSessionObserver()
{
    states_.clear();   // parser refs go before the state
    runtime_.mergeErrors(host_->errors());
}

void LuaSessionObserver::onNewSession(engine::Session &s)
{
    if (enabled_)
        states_.try_emplace(&s);
}

bool LuaSessionObserver::pushGlobal(const std::string &name)
{
    lua_State *L = host_->state();
    lua_getglobal(L, name.c_str());
    if (lua_isfunction(L, -1))
        return true;
    lua_pop(L, 1);
    host_->errors().add("function '" + name + "' is not defined");
    return false;
}

void LuaSessionObserver::onData(engine::Session &s, int direction, const uint8_t *data, uint32_t len)
{
    if (!enabled_)
        return;
    const auto it = states_.find(&s);
    if (it == states_.end())
        return;
    SessionState &st = it->second;
    if (!(st.classified & (1u << direction))) {
        st.classified = uint8_t(st.classified | (1u << direction));
        classify(s, st, direction, data, len);
    }
    if (!st.parsers.empty())
        runParsers(s, st, direction, data, len);
}

void LuaSessionObserver::classify(engine::Session &s, SessionState &st, int direction, const uint8_t *data,
                                  uint32_t len)
{
    lua_State *L = host_->state();
    for (const ClassifierReg &c : runtime_.registrations().classifiers) {
        if (c.ipProtocol != s.key.ipProtocol)
            continue;
        if (!c.match.empty() &&
            (size_t(c.offset) + c.match.size() > len || std::memcmp(data + c.offset, c.match.data(), c.match.size())))
            continue;
        CallbackScope scope(*host_);
        if (!pushGlobal(c.function))
            continue;
        pushSession(*host_, s, st);
        lua_pushlstring(L, reinterpret_cast<const char *>(data), len);
        lua_pushinteger(L, direction);
        host_->call(3, 0, c.function);
    }
}

void LuaSessionObserver::runParsers(engine::Session &s, SessionState &st, int direction, const uint8_t *data,
                                    uint32_t len)
{
    lua_State *L = host_->state();
    for (size_t i = 0; i < st.parsers.size();) {
        CallbackScope scope(*host_);
        st.parsers[i].push();
        pushSession(*host_, s, st);
        lua_pushlstring(L, reinterpret_cast<const char *>(data), len);
        lua_pushinteger(L, direction);
        bool remove = false;
        if (host_->call(3, 1, "parser")) {
            remove = lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == -1;
            lua_pop(L, 1);
        }
        if (remove)
            st.parsers.erase(st.parsers.begin() + long(i));
        else
            ++i;
    }
}

void LuaSessionObserver::callSaves(engine::Session &s, SessionState &st, const std::vector<std::string> &functions,
                                   bool final)
{
    lua_State *L = host_->state();
    for (const std::string &fn : functions) {
        CallbackScope scope(*host_);
        if (!pushGlobal(fn))
            continue;
        pushSession(*host_, s, st);
        lua_pushboolean(L, final);
        host_->call(2, 0, fn);
    }
}

void LuaSessionObserver::onPreSave(engine::Session &s, bool final)
{
    if (!enabled_)
        return;
    const auto it = states_.find(&s);
    if (it == states_.end())
        return;
    callSaves(s, it->second, runtime_.registrations().preSave, final);
    callSaves(s, it->second, runtime_.registrations().save, final);
    if (!final)
        return;
    // The engine frees the session right after its final save: drop its Lua state with it.
    host_->conversations().release(&s);
    states_.erase(it);
}

} // namespace luacap::luaapi

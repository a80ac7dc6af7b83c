// LuaSessionObserver implementation (its packet thread).
#include "arkime/lua_session_observer.h"

#include <cstring>
#include <stdexcept>

#include "arkime/arkime_session.h"
#include "arkime/lua_http_observer.h"
#include "arkime/lua_session_state.h"
#include "host/lua_runtime.h"
#include "session/session.h"

namespace luacap::luaapi {

LuaSessionObserver::LuaSessionObserver(LuaRuntime &runtime, const engine::FieldRegistry &fields, int thread)
    : runtime_(runtime),
      host_(std::make_unique<LuaHost>(runtime.limits(), fields, nullptr, &runtime.registrations()))
{
    host_->errors().countInto(&runtime.liveErrors());
    const std::string where = "packet thread " + std::to_string(thread) + ": ";
    for (const LuaSource &source : runtime.sources()) {
        std::string error;
        if (!host_->loadSource(source, &error))
            throw std::runtime_error(where + error);
    }
    if (host_->registrations().snapshot() != runtime.registrations().snapshot())
        throw std::runtime_error(where + "the scripts registered differently than on the first load "
                                         "(registrations must not depend on anything but the scripts)");
    lua_State *L = host_->state();
    for (const ClassifierReg &c : runtime.registrations().classifiers) {
        classifies_[uint8_t(c.ipProtocol)] = true;
        classifiers_.emplace_back(L, c.function);
    }
    for (const std::string &f : runtime.registrations().preSave)
        preSave_.emplace_back(L, f);
    for (const std::string &f : runtime.registrations().save)
        save_.emplace_back(L, f);
    saves_ = !runtime.registrations().preSave.empty() || !runtime.registrations().save.empty();
    http_ = std::make_unique<LuaHttpObserver>(*this, *host_, runtime.registrations());
    if (http_->wanted() == 0)
        http_.reset();   // no listener: the parsers' no-listener fast path stays on
}

LuaSessionObserver::~LuaSessionObserver()
{
    runtime_.mergeErrors(host_->errors());
}

// Sessions no script can see get no Lua state at all (no allocation, no calls). HTTP and
// SMTP run over TCP only.
void LuaSessionObserver::onNewSession(engine::Session &s)
{
    if (saves_ || classifies_[s.key.ipProtocol] || (http_ && s.key.ipProtocol == 6))
        s.attachParser(std::make_unique<LuaSessionState>(*this));
}

engine::HttpObserver *LuaSessionObserver::httpObserver()
{
    return http_.get();
}

LuaSessionState *LuaSessionObserver::stateOf(engine::Session &s) const
{
    for (const auto &p : s.parsers) {
        auto *st = dynamic_cast<LuaSessionState *>(p.get());
        if (st && &st->owner() == this)
            return st;
    }
    return nullptr;
}

// One callback scope per chunk: the session handle and the payload string are built once
// and shared by every classifier and parser that sees this chunk.
void LuaSessionObserver::feed(engine::Session &s, LuaSessionState &st, int direction, const uint8_t *data,
                              uint32_t len)
{
    const bool classifyNow = st.firstPayload(direction) && classifies_[s.key.ipProtocol];
    if (!classifyNow && st.parsers().empty())
        return;
    lua_State *L = host_->state();
    const int base = lua_gettop(L);
    {
        CallbackScope scope(*host_);   // ends while the session handle is still at base + 1
        host_->setSession(&s);         // named by error reports and --trace-lua
        pushSession(*host_, s, st);
        lua_pushlstring(L, reinterpret_cast<const char *>(data), len);
        if (classifyNow)
            classify(s, base, direction, data, len);
        if (!st.parsers().empty())
            runParsers(st, base, direction);
        host_->setSession(nullptr);
    }
    lua_settop(L, base);
}

void LuaSessionObserver::classify(engine::Session &s, int base, int direction, const uint8_t *data, uint32_t len)
{
    lua_State *L = host_->state();
    const std::vector<ClassifierReg> &regs = runtime_.registrations().classifiers;
    for (size_t i = 0; i < regs.size(); ++i) {
        const ClassifierReg &c = regs[i];
        if (c.ipProtocol != s.key.ipProtocol)
            continue;
        if (!c.match.empty() &&
            (size_t(c.offset) + c.match.size() > len || std::memcmp(data + c.offset, c.match.data(), c.match.size())))
            continue;
        if (!classifiers_[i].push(L, host_->errors()))
            continue;
        lua_pushvalue(L, base + 1);
        lua_pushvalue(L, base + 2);
        lua_pushinteger(L, direction);
        host_->call(3, 0, c.function);
    }
}

void LuaSessionObserver::runParsers(LuaSessionState &st, int base, int direction)
{
    lua_State *L = host_->state();
    std::vector<LuaRef> &parsers = st.parsers();
    for (size_t i = 0; i < parsers.size();) {
        parsers[i].push();
        lua_pushvalue(L, base + 1);
        lua_pushvalue(L, base + 2);
        lua_pushinteger(L, direction);
        bool remove = false;
        if (host_->call(3, 1, "parser")) {
            remove = lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == -1;
            lua_pop(L, 1);
        }
        if (remove)
            parsers.erase(parsers.begin() + long(i));
        else
            ++i;
    }
}

void LuaSessionObserver::callSaves(engine::Session &s, LuaSessionState &st, const std::vector<GlobalFunction> &functions,
                                   bool final)
{
    lua_State *L = host_->state();
    for (const GlobalFunction &fn : functions) {
        CallbackScope scope(*host_);
        if (!fn.push(L, host_->errors()))
            continue;
        pushSession(*host_, s, st);
        lua_pushboolean(L, final);
        host_->setSession(&s);
        host_->call(2, 0, fn.name());
        host_->setSession(nullptr);
    }
}

// Runs after the built-in parsers flushed their fields, so pre_save sees them.
void LuaSessionObserver::onPreSave(engine::Session &s, bool final)
{
    if (!saves_)
        return;
    if (LuaSessionState *st = stateOf(s)) {
        callSaves(s, *st, preSave_, final);
        callSaves(s, *st, save_, final);
    }
}

// The final record is written (after any wait for outstanding work): drop the session's
// table and parsers now, whether or not a save callback exists (Arkime leaks them then).
void LuaSessionObserver::onSessionFreed(engine::Session &s)
{
    if (LuaSessionState *st = stateOf(s))
        st->release();
    host_->conversations().release(&s);   // session:table() and conversation data
}

} // namespace luacap::luaapi

// LuaHost implementation (the thread that created the host).
#include "host/lua_host.h"

#include <climits>
#include <cstdio>

#include "host/light_metatable.h"
#include "host/line_counter.h"
#include "host/session_text.h"
#include "register_all.h"
#include "session/session.h"

namespace luacap::luaapi {

namespace {
const char kHostKey = 0;   // its address is the registry key of the host pointer
constexpr int kHookEvery = 1000;

std::string numberText(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.14g", v);
    return text;
}
} // namespace

LuaHost::LuaHost(const LuaLimits &limits, const engine::FieldRegistry &fields, engine::FieldRegistry *writable,
                 const Registrations *reference)
    : limits_(limits), fields_(fields), writable_(writable), reference_(reference),
      owner_(std::this_thread::get_id())
{
    L_ = lua_newstate(&LuaHost::allocate, this);
    if (!L_) {
        std::fprintf(stderr, "luacap: cannot create a Lua state\n");
        std::abort();
    }
    lua_pushlightuserdata(L_, const_cast<char *>(&kHostKey));
    lua_pushlightuserdata(L_, this);
    lua_rawset(L_, LUA_REGISTRYINDEX);
    conversations_ = std::make_unique<conversation::ConversationStore>(L_);
    luaL_openlibs(L_);
    // Parsers make a payload string per chunk that is garbage when the call returns; letting
    // the heap grow to 4x (not 2x) of what survived the last cycle halves the mark-and-sweep
    // cycles over every live session table. The memory cap still holds: Lua collects in full
    // before it reports "not enough memory".
    lua_gc(L_, LUA_GCSETPAUSE, 400);
    sandbox();
    installLightMetatable(L_);
    registerAll(L_);
    if (limits_.coverage)
        lines_ = std::make_unique<LineCounter>(*limits_.coverage);
    lua_sethook(L_, &LuaHost::countHook, LUA_MASKCOUNT | (lines_ ? LUA_MASKLINE : 0), kHookEvery);
    // The traceback handler stays at the bottom of the stack for every call() to use, so a
    // call does not push and insert (then remove) it: callers leave what lies below their base.
    lua_settop(L_, 0);
    lua_pushcfunction(L_, &LuaHost::messageHandler);
}

LuaHost::~LuaHost()
{
    assertThread();
    endScope({});
    conversations_.reset();   // refs go before the state
    lua_close(L_);
    lines_.reset();           // merges this state's line hits
}

// A script must not end the process or run programs: the engine outlives any script.
void LuaHost::sandbox()
{
    lua_getglobal(L_, "os");
    for (const char *name : {"exit", "execute"}) {
        lua_pushnil(L_);
        lua_setfield(L_, -2, name);
    }
    lua_pop(L_, 1);
    lua_getglobal(L_, "io");
    lua_pushnil(L_);
    lua_setfield(L_, -2, "popen");
    lua_pop(L_, 1);
}

LuaHost &LuaHost::from(lua_State *L)
{
    // Every method call asks for its host: the allocator's user data is it, with no registry
    // lookup. The registry entry stays for states whose allocator is not ours.
    void *ud = nullptr;
    if (lua_getallocf(L, &ud) == &LuaHost::allocate && ud) {
        auto *host = static_cast<LuaHost *>(ud);
        host->assertThread();
        return *host;
    }
    lua_pushlightuserdata(L, const_cast<char *>(&kHostKey));
    lua_rawget(L, LUA_REGISTRYINDEX);
    auto *host = static_cast<LuaHost *>(lua_touserdata(L, -1));
    lua_pop(L, 1);
    host->assertThread();
    return *host;
}

void LuaHost::assertThread() const
{
    if (std::this_thread::get_id() != owner_) {
        std::fprintf(stderr, "luacap: a Lua state was called from a thread that does not own it\n");
        std::abort();
    }
}

void *LuaHost::allocate(void *ud, void *ptr, size_t osize, size_t nsize)
{
    return static_cast<LuaHost *>(ud)->allocator_.resize(ptr, osize, nsize);
}

// One hook for both: the count event enforces the budget, the line event (coverage only) counts.
void LuaHost::countHook(lua_State *L, lua_Debug *ar)
{
    LuaHost &host = from(L);
    if (ar->event == LUA_HOOKLINE) {
        if (lua_getinfo(L, "S", ar))
            host.lines_->count(ar->source, ar->currentline);
        return;
    }
    host.instructions_ += kHookEvery;
    if (host.instructions_ > host.limits_.instructionBudget)
        luaL_error(L, "instruction budget of %d exceeded", int(host.limits_.instructionBudget));
}

// Remembers the innermost Lua frame (file:line) so errors raised by C functions are placed too.
int LuaHost::messageHandler(lua_State *L)
{
    LuaHost &host = from(L);
    host.where_.clear();
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); ++level) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.currentline > 0) {
            host.where_ = std::string(ar.short_src) + ":" + std::to_string(ar.currentline);
            break;
        }
    }
    if (!lua_isstring(L, 1))
        lua_pushstring(L, luaL_typename(L, 1));   // error(table) etc.: report the type
    luaL_traceback(L, L, nullptr, 1);
    host.traceback_ = lua_tostring(L, -1);
    lua_pop(L, 1);
    return 1;
}

std::string LuaHost::describe(const std::string &message) const
{
    std::string msg = message;
    if (!where_.empty() && msg.rfind(where_ + ": ", 0) == 0)
        msg = msg.substr(where_.size() + 2);
    return where_.empty() ? msg : where_ + ": " + msg;
}

// The stack index of the traceback handler for a call of the function at fn: the one kept at
// the bottom (index 1), or, when a caller emptied the stack, a copy inserted below fn (0).
int LuaHost::pushHandler(int fn)
{
    if (fn > 1 && lua_tocfunction(L_, 1) == &LuaHost::messageHandler)
        return 1;
    lua_pushcfunction(L_, &LuaHost::messageHandler);
    lua_insert(L_, fn);
    return 0;
}

bool LuaHost::call(int nargs, int nresults, std::string_view label)
{
    assertThread();
    int fn = lua_gettop(L_) - nargs;
    const int handler = pushHandler(fn);
    if (handler == 0)
        ++fn;   // the handler took fn's place
    instructions_ = 0;
    where_.clear();
    if (limits_.trace)
        trace(nargs, label);
    const int rc = lua_pcall(L_, nargs, nresults, handler ? handler : fn - 1);
    if (handler == 0)
        lua_remove(L_, fn - 1);
    if (rc == LUA_OK)
        return true;
    const char *m = lua_tostring(L_, -1);
    const std::string text = describe(m ? m : "error object is not a string");
    lua_settop(L_, handler ? fn - 1 : fn - 2);
    lastError_ = text;
    const std::string logged = loading_ ? text : "function '" + std::string(label) + "' at " + text;
    errors_.add(logged);
    recordDetail(logged);
    return false;
}

// The session (when in a packet-path callback) and the traceback into the user's file.
void LuaHost::recordDetail(const std::string &text)
{
    std::pair<int64_t, uint64_t> order{INT64_MIN, 0};
    if (session_)
        order = {session_->firstPacketUsec, session_->segmentPackets()};
    if (!errors_.wantsDetail(text, order))
        return;
    std::string detail = session_ ? "in session " + sessionText(*session_) + "\n" : std::string();
    errors_.addDetail(text, {order, detail + traceback_});
}

// --trace-lua: "lua call LABEL(arg, ...) in session ..."; one fprintf per line, so lines of
// several packet threads do not mix.
void LuaHost::trace(int nargs, std::string_view label)
{
    std::string line = "lua call " + std::string(label) + "(";
    const int first = lua_gettop(L_) - nargs + 1;
    for (int i = first; i < first + nargs; ++i) {
        if (i > first)
            line += ", ";
        const int type = lua_type(L_, i);
        if (type == LUA_TSTRING) {
            size_t len = 0;
            const char *p = lua_tolstring(L_, i, &len);
            line += "string[" + std::to_string(len) + "] \"";
            for (size_t k = 0; k < len && k < 16; ++k)
                line += (p[k] >= 0x20 && p[k] < 0x7f && p[k] != '"') ? std::string(1, p[k]) : ".";
            line += len > 16 ? "\"..." : "\"";
        } else if (type == LUA_TNUMBER || type == LUA_TBOOLEAN) {
            line += lua_type(L_, i) == LUA_TBOOLEAN ? (lua_toboolean(L_, i) ? "true" : "false")
                                                     : numberText(lua_tonumber(L_, i));
        } else {
            line += luaL_typename(L_, i);
        }
    }
    line += ")";
    if (session_)
        line += " in session " + sessionText(*session_);
    std::fprintf(limits_.trace, "%s\n", line.c_str());
}

bool LuaHost::loadFile(const std::string &path, std::string *error)
{
    assertThread();
    const int top = lua_gettop(L_);
    if (luaL_loadfile(L_, path.c_str()) != LUA_OK) {
        *error = lua_tostring(L_, -1);
        lua_settop(L_, top);
        return false;
    }
    return runLoadedChunk(path, top, error);
}

bool LuaHost::loadSource(const LuaSource &source, std::string *error)
{
    assertThread();
    const int top = lua_gettop(L_);
    const std::string chunkName = "@" + source.path;   // as luaL_loadfile names a file's chunk
    if (luaL_loadbuffer(L_, source.text.data(), source.text.size(), chunkName.c_str()) != LUA_OK) {
        *error = lua_tostring(L_, -1);
        lua_settop(L_, top);
        return false;
    }
    return runLoadedChunk(source.path, top, error);
}

bool LuaHost::runLoadedChunk(const std::string &path, int top, std::string *error)
{
    loading_ = true;
    const bool ok = call(0, 0, path);
    loading_ = false;
    if (!ok)
        *error = lastError_;
    lua_settop(L_, top);
    return ok;
}

void LuaHost::scopeHandle(LuaHandle *handle, int idx)
{
    lua_pushvalue(L_, idx);
    scoped_.emplace_back(handle, luaL_ref(L_, LUA_REGISTRYINDEX));
}

void LuaHost::endScope(ScopeMark mark)
{
    lights_.resize(mark.lights);
    while (scoped_.size() > mark.handles) {
        scoped_.back().first->live = false;
        if (scoped_.back().second != LUA_NOREF)
            luaL_unref(L_, LUA_REGISTRYINDEX, scoped_.back().second);
        scoped_.pop_back();
    }
}

} // namespace luacap::luaapi

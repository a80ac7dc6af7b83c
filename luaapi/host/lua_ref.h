// LuaRef: a move-only owner of one registry reference in one lua_State. Released on the
// thread that owns the state (the packet thread), always before lua_close.
#pragma once

#include <lua.hpp>

namespace luacap::luaapi {

class LuaRef {
public:
    LuaRef() = default;
    // Pops the value on top of L's stack into the registry. Keeps the state's main thread, not
    // L: L may be a task's coroutine, which can end (and be collected) before the ref does.
    static LuaRef pop(lua_State *L)
    {
        const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
        return LuaRef(mainThread(L), ref);
    }
    static lua_State *mainThread(lua_State *L)
    {
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
        lua_State *main = lua_tothread(L, -1);
        lua_pop(L, 1);
        return main;
    }
    LuaRef(LuaRef &&o) noexcept : L_(o.L_), ref_(o.ref_) { o.ref_ = LUA_NOREF; }
    LuaRef &operator=(LuaRef &&o) noexcept
    {
        if (this != &o) {
            reset();
            L_ = o.L_;
            ref_ = o.ref_;
            o.ref_ = LUA_NOREF;
        }
        return *this;
    }
    LuaRef(const LuaRef &) = delete;
    LuaRef &operator=(const LuaRef &) = delete;
    ~LuaRef() { reset(); }

    bool valid() const { return ref_ != LUA_NOREF && ref_ != LUA_REFNIL; }
    void push() const { lua_rawgeti(L_, LUA_REGISTRYINDEX, ref_); }
    void reset()
    {
        if (L_ && ref_ != LUA_NOREF)
            luaL_unref(L_, LUA_REGISTRYINDEX, ref_);
        ref_ = LUA_NOREF;
    }

private:
    LuaRef(lua_State *L, int ref) : L_(L), ref_(ref) {}
    lua_State *L_ = nullptr;
    int ref_ = LUA_NOREF;
};

} // namespace luacap::luaapi

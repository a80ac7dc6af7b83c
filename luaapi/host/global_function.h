// GlobalFunction: a callback registered by global function name (Arkime's API), looked up
// at every call as Arkime does (a script may redefine it at run time), with the name's Lua
// string made once: lua_getglobal hashes and interns the name on every call. The state's
// thread; released (LuaRef) before the state closes.
#pragma once

#include <lua.hpp>
#include <string>
#include <utility>

#include "host/error_log.h"
#include "host/lua_ref.h"

namespace luacap::luaapi {

class GlobalFunction {
public:
    GlobalFunction(lua_State *L, std::string name) : name_(std::move(name))
    {
        lua_pushlstring(L, name_.data(), name_.size());
        key_ = LuaRef::pop(L);
    }

    const std::string &name() const { return name_; }

    // Pushes the global function (lua_getglobal's lookup: _ENV's metatable applies); when it
    // is not a function, pushes nothing, logs "function 'NAME' is not defined" and returns false.
    bool push(lua_State *L, ErrorLog &errors) const
    {
        lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
        key_.push();
        lua_gettable(L, -2);
        lua_remove(L, -2);
        if (lua_isfunction(L, -1))
            return true;
        lua_pop(L, 1);
        errors.add("function '" + name_ + "' is not defined");
        return false;
    }

private:
    std::string name_;
    LuaRef key_;
};

} // namespace luacap::luaapi

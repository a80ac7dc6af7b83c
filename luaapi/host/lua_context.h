// LuaContext: the execution context a Lua call runs in (HAProxy's contexts adapted to a
// capture host; docs/lua-api/core/contexts.md). The host's current context is set by
// ContextScope around init functions and task steps; a file's top level is body, anything
// else (classifiers, parsers, pre-save/save, http_on...) is runtime. The state's thread only.
#pragma once

namespace luacap::luaapi {

enum class LuaContext { Body = 1, Init = 2, Task = 4, Runtime = 8 };

// A set of contexts, for the functions that may only run in some of them.
using ContextMask = unsigned;
constexpr ContextMask operator|(LuaContext a, LuaContext b) { return ContextMask(a) | ContextMask(b); }
constexpr ContextMask operator|(ContextMask a, LuaContext b) { return a | ContextMask(b); }
constexpr ContextMask anyContext = 15;

inline const char *contextName(LuaContext c)
{
    switch (c) {
    case LuaContext::Body: return "body";
    case LuaContext::Init: return "init";
    case LuaContext::Task: return "task";
    case LuaContext::Runtime: return "runtime";
    }
    return "?";
}

// What the script was doing, for error messages.
inline const char *contextActivity(LuaContext c)
{
    switch (c) {
    case LuaContext::Body: return "called while loading a file";
    case LuaContext::Init: return "called from an init function";
    case LuaContext::Task: return "called from a task";
    case LuaContext::Runtime: return "called from a packet-path callback";
    }
    return "?";
}

} // namespace luacap::luaapi

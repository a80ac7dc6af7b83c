// LuaSource: a script's bytes, read once on the main thread (LuaRuntime::loadMain) and then
// loaded into every packet thread's state, so all states run the same scripts even when a
// file is edited while the threads start (a SIGHUP reload reads the files afresh).
#pragma once

#include <optional>
#include <string>

namespace luacap::luaapi {

struct LuaSource {
    std::string path;
    std::string text;   // as luaL_loadfile would read it: a UTF-8 BOM and a '#' first line blanked
};

// Nothing when the file cannot be read (luaL_loadfile then gives Lua's own message).
std::optional<LuaSource> readLuaSource(const std::string &path);

} // namespace luacap::luaapi

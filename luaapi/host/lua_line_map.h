// LuaLineMap: which lines of a Lua file hold code (the lines a coverage report counts),
// read from the line info of every function in the compiled chunk (any thread, no state
// shared). Lua 5.2 has no public API for nested prototypes, so the chunk is dumped with
// lua_dump and the dump's debug sections are walked.
#pragma once

#include <set>
#include <string>

namespace luacap::luaapi {

class LuaLineMap {
public:
    // Lines with code in the file at path; false with *error when it does not compile.
    static bool activeLines(const std::string &path, std::set<int> &lines, std::string *error);
};

} // namespace luacap::luaapi

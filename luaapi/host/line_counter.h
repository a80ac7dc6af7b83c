// LineCounter: one LuaHost's line hits while coverage is on (its thread only). The line hook
// calls count(); the source string of a function is interned by Lua, so a pointer compare
// finds the file's table without building a string on every line.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "host/lua_coverage.h"

namespace luacap::luaapi {

class LineCounter {
public:
    explicit LineCounter(LuaCoverage &shared) : shared_(shared) {}
    ~LineCounter() { shared_.merge(hits_); }
    LineCounter(const LineCounter &) = delete;
    LineCounter &operator=(const LineCounter &) = delete;

    // source is lua_Debug::source: "@path" for files; strings loaded otherwise are skipped.
    void count(const char *source, int line)
    {
        if (source != lastSource_) {
            lastSource_ = source;
            last_ = (source && source[0] == '@') ? &hits_[source + 1] : nullptr;
        }
        if (last_ && line > 0)
            ++(*last_)[line];
    }

private:
    LuaCoverage &shared_;
    std::map<std::string, LuaCoverage::Lines> hits_;
    const char *lastSource_ = nullptr;
    LuaCoverage::Lines *last_ = nullptr;
};

} // namespace luacap::luaapi

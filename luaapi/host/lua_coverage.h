// LuaCoverage: line hits of Lua files over a run (`luacap test --coverage`), shared by every
// packet thread's LuaHost. Hosts count into their own LineCounter and merge here when they
// end (the only locked step, off the packet path).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace luacap::luaapi {

class LuaCoverage {
public:
    using Lines = std::map<int, uint64_t>;   // line -> times the line hook saw it

    void merge(const std::map<std::string, Lines> &hits)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto &[file, lines] : hits)
            for (const auto &[line, n] : lines)
                files_[file][line] += n;
    }
    // Read after every host ended.
    std::map<std::string, Lines> files() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return files_;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, Lines> files_;   // by the path the file was loaded from
};

} // namespace luacap::luaapi

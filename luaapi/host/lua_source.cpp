// readLuaSource: the file's bytes with luaL_loadfile's two allowances (Lua 5.2 lauxlib.c:
// skipcomment), so loading the text gives the same chunk and the same line numbers.
#include "host/lua_source.h"

#include <fstream>
#include <iterator>

namespace luacap::luaapi {

std::optional<LuaSource> readLuaSource(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    LuaSource source{path, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())};
    if (in.bad())
        return std::nullopt;
    std::string &t = source.text;
    if (t.compare(0, 3, "\xEF\xBB\xBF") == 0)
        t.erase(0, 3);
    if (!t.empty() && t[0] == '#') {
        // A '#' first line (a Unix exec. file's "#!") is skipped; its newline keeps the count.
        const size_t end = t.find('\n');
        t.erase(0, end == std::string::npos ? t.size() : end);
    }
    return source;
}

} // namespace luacap::luaapi

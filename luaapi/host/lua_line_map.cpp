// LuaLineMap: walks a Lua 5.2 binary chunk (lua_dump of luaL_loadfile's function). Layout,
// from Lua 5.2's ldump.c: an 18-byte header giving the sizes of int, size_t, Instruction and
// lua_Number, then each function as linedefined, lastlinedefined, 3 bytes, code, constants,
// nested functions, upvalues, and debug info (source, lineinfo, locals, upvalue names).
#include "host/lua_line_map.h"

#include <cstring>
#include <lua.hpp>
#include <map>
#include <memory>

namespace luacap::luaapi {

namespace {
class ChunkReader {
public:
    explicit ChunkReader(const std::string &bytes) : b_(bytes) {}

    bool header()
    {
        if (b_.size() < 18 || b_.compare(0, 4, "\x1bLua") != 0 || uint8_t(b_[4]) != 0x52)
            return false;
        intSize_ = uint8_t(b_[7]);
        sizeSize_ = uint8_t(b_[8]);
        insnSize_ = uint8_t(b_[9]);
        numSize_ = uint8_t(b_[10]);
        pos_ = 18;
        return intSize_ == 4 && (sizeSize_ == 4 || sizeSize_ == 8);
    }

    // Adds the lines of this function and every nested one; false on a malformed chunk.
    bool function(std::set<int> &lines)
    {
        skip(2 * intSize_ + 3);
        const int64_t ncode = integer();
        skip(ncode * insnSize_);
        if (!constants() || !ok())
            return false;
        const int64_t nested = integer();
        for (int64_t i = 0; i < nested && ok(); ++i)
            if (!function(lines))
                return false;
        skip(2 * integer());   // upvalues: instack, idx
        string();              // source
        lineInfo(lines);
        const int64_t locals = integer();
        for (int64_t i = 0; i < locals && ok(); ++i) {
            string();
            skip(2 * intSize_);
        }
        const int64_t upnames = integer();
        for (int64_t i = 0; i < upnames && ok(); ++i)
            string();
        return ok();
    }

private:
    bool ok() const { return pos_ <= b_.size(); }
    void skip(int64_t n) { pos_ = (n < 0 || size_t(n) > b_.size()) ? b_.size() + 1 : pos_ + size_t(n); }
    uint64_t unsignedOf(size_t width)
    {
        uint64_t v = 0;
        if (pos_ + width <= b_.size())
            std::memcpy(&v, b_.data() + pos_, width);   // native byte order (the dump's own)
        skip(int64_t(width));
        return v;
    }
    int64_t integer() { return int32_t(unsignedOf(4)); }
    void string() { skip(int64_t(unsignedOf(sizeSize_))); }
    bool constants()
    {
        const int64_t n = integer();
        for (int64_t i = 0; i < n && ok(); ++i) {
            const int type = pos_ < b_.size() ? uint8_t(b_[pos_]) : -1;
            skip(1);
            if (type == LUA_TBOOLEAN)
                skip(1);
            else if (type == LUA_TNUMBER)
                skip(numSize_);
            else if (type == LUA_TSTRING)
                string();
            else if (type != LUA_TNIL)
                return false;
        }
        return true;
    }
    // The last instruction is the implicit return at the function's "end": a line holding
    // nothing else is left out, or every function ending in an explicit return would show
    // an uncovered "end".
    void lineInfo(std::set<int> &lines)
    {
        const int64_t n = integer();
        std::map<int, int> perLine;
        int last = 0;
        for (int64_t i = 0; i < n && ok(); ++i) {
            last = int(integer());
            ++perLine[last];
        }
        for (const auto &[line, count] : perLine)
            if (line > 0 && !(line == last && count == 1))
                lines.insert(line);
    }

    const std::string &b_;
    size_t pos_ = 0;
    size_t intSize_ = 4, sizeSize_ = 8, insnSize_ = 4, numSize_ = 8;
};

int collect(lua_State *, const void *p, size_t size, void *ud)
{
    static_cast<std::string *>(ud)->append(static_cast<const char *>(p), size);
    return 0;
}
} // namespace

bool LuaLineMap::activeLines(const std::string &path, std::set<int> &lines, std::string *error)
{
    std::unique_ptr<lua_State, void (*)(lua_State *)> L(luaL_newstate(), &lua_close);
    if (!L || luaL_loadfile(L.get(), path.c_str()) != LUA_OK) {
        *error = L ? lua_tostring(L.get(), -1) : "cannot create a Lua state";
        return false;
    }
    std::string chunk;
    lua_dump(L.get(), &collect, &chunk);
    ChunkReader reader(chunk);
    if (!reader.header() || !reader.function(lines)) {
        *error = path + ": unexpected Lua chunk layout";
        return false;
    }
    return true;
}

} // namespace luacap::luaapi

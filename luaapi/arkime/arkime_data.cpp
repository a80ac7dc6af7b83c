// ArkimeData bindings (the state's thread). Patterns and compiled pcre2 expressions are their
// own userdata types (luacap.ArkimePattern, luacap.ArkimePcre) freed by __gc.
#include "arkime/arkime_data.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstring>
#include <new>
#include <string>
#include <string_view>

#include "host/lua_args.h"
#include "host/lua_host.h"
#include "host/lua_thunk.h"

namespace luacap::luaapi {

const char kArkimeDataMeta[] = "luacap.ArkimeData";
const char kArkimeDataDead[] = "ArkimeData does not contain valid data";

namespace {
const char kPatternMeta[] = "luacap.ArkimePattern";
const char kPcreMeta[] = "luacap.ArkimePcre";

struct PatternUd {
    std::string glob;
};

struct PcreUd {
    pcre2_code *code = nullptr;
    pcre2_match_data *match = nullptr;
};

// Glob with * (any run) and ? (any byte), matched against the whole data (as g_pattern_match_simple).
bool globMatch(std::string_view p, std::string_view s)
{
    size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi;
            ++si;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

std::string_view view(const ArkimeDataUd &d) { return std::string_view(d.ptr, d.len); }

int dataNew(lua_State *L)
{
    const std::string_view s = checkStringView(L, 1);
    pushOwnedData(L, s.data(), s.size());
    return 1;
}

int dataGet(lua_State *L, ArkimeDataUd &d)
{
    lua_pushlstring(L, d.ptr, d.len);
    return 1;
}

int dataCopy(lua_State *L, ArkimeDataUd &d)
{
    pushOwnedData(L, d.ptr, d.len);
    return 1;
}

int dataMemmem(lua_State *L, ArkimeDataUd &d)
{
    const std::string_view needle = checkStringView(L, 2);
    lua_pushboolean(L, view(d).find(needle) != std::string_view::npos);
    return 1;
}

int patternCreate(lua_State *L)
{
    const std::string_view s = checkStringView(L, 1);
    auto *p = new (lua_newuserdata(L, sizeof(PatternUd))) PatternUd{std::string(s)};
    (void)p;
    luaL_setmetatable(L, kPatternMeta);
    return 1;
}

int patternGc(lua_State *L)
{
    static_cast<PatternUd *>(luaL_checkudata(L, 1, kPatternMeta))->~PatternUd();
    return 0;
}

int dataPatternIsMatch(lua_State *L, ArkimeDataUd &d)
{
    const auto *p = static_cast<PatternUd *>(luaL_checkudata(L, 2, kPatternMeta));
    lua_pushboolean(L, globMatch(p->glob, view(d)));
    return 1;
}

int pcreCreate(lua_State *L)
{
    const std::string_view s = checkStringView(L, 1);
    auto *ud = new (lua_newuserdata(L, sizeof(PcreUd))) PcreUd{};
    luaL_setmetatable(L, kPcreMeta);   // set first: __gc frees whatever got compiled
    int code = 0;
    PCRE2_SIZE offset = 0;
    ud->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(s.data()), s.size(), 0, &code, &offset, nullptr);
    if (!ud->code) {
        PCRE2_UCHAR text[256];
        pcre2_get_error_message(code, text, sizeof text);
        return luaL_error(L, "ArkimeData.pcre_create: %s at offset %d in '%s'", reinterpret_cast<char *>(text),
                          int(offset), std::string(s).c_str());
    }
    pcre2_jit_compile(ud->code, PCRE2_JIT_COMPLETE);   // falls back to the interpreter if JIT is unavailable
    ud->match = pcre2_match_data_create_from_pattern(ud->code, nullptr);
    return 1;
}

int pcreGc(lua_State *L)
{
    auto *ud = static_cast<PcreUd *>(luaL_checkudata(L, 1, kPcreMeta));
    pcre2_match_data_free(ud->match);
    pcre2_code_free(ud->code);
    ud->match = nullptr;
    ud->code = nullptr;
    return 0;
}

int runPcre(lua_State *L, ArkimeDataUd &d, PcreUd *&re)
{
    re = static_cast<PcreUd *>(luaL_checkudata(L, 2, kPcreMeta));
    return pcre2_match(re->code, reinterpret_cast<PCRE2_SPTR>(d.ptr ? d.ptr : ""), d.len, 0, 0, re->match, nullptr);
}

int dataPcreIsMatch(lua_State *L, ArkimeDataUd &d)
{
    PcreUd *re = nullptr;
    lua_pushboolean(L, runPcre(L, d, re) > 0);
    return 1;
}

// Returns true, the whole match and every group (an unset group is nil), or false.
int dataPcreMatch(lua_State *L, ArkimeDataUd &d)
{
    PcreUd *re = nullptr;
    const int rc = runPcre(L, d, re);
    if (rc <= 0) {
        lua_pushboolean(L, 0);
        return 1;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    luaL_checkstack(L, int(groups) + 2, "too many pcre groups");
    lua_pushboolean(L, 1);
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->match);
    for (uint32_t i = 0; i <= groups; ++i) {
        if (int(i) >= rc || ov[2 * i] == PCRE2_UNSET)
            lua_pushnil(L);
        else
            lua_pushlstring(L, d.ptr + ov[2 * i], ov[2 * i + 1] - ov[2 * i]);
    }
    return int(groups) + 2;
}

template <int (*F)(lua_State *, ArkimeDataUd &)> int dataMethod(lua_State *L)
{
    return method<ArkimeDataUd, kArkimeDataMeta, kArkimeDataDead, F>(L);
}

void newMeta(lua_State *L, const char *name, lua_CFunction gc)
{
    newMetatable(L, name);
    if (gc) {
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pop(L, 1);
}
} // namespace

void pushOwnedData(lua_State *L, const char *data, size_t len)
{
    auto *ud = new (lua_newuserdata(L, sizeof(ArkimeDataUd) + len)) ArkimeDataUd{};
    char *bytes = reinterpret_cast<char *>(ud + 1);
    if (len)
        std::memcpy(bytes, data, len);
    ud->ptr = bytes;
    ud->len = len;
    ud->owned = true;
    luaL_setmetatable(L, kArkimeDataMeta);
}

void pushBorrowedData(LuaHost &host, const uint8_t *data, size_t len, bool anchored)
{
    lua_State *L = host.state();
    auto *ud = new (lua_newuserdata(L, sizeof(ArkimeDataUd))) ArkimeDataUd{};
    ud->ptr = reinterpret_cast<const char *>(data);
    ud->len = len;
    luaL_setmetatable(L, kArkimeDataMeta);
    if (anchored)
        host.scopeAnchored(&ud->handle);
    else
        host.scopeHandle(&ud->handle, -1);
}

void registerArkimeData(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"get", &dataMethod<dataGet>},
        {"tostring", &dataMethod<dataGet>},
        {"copy", &dataMethod<dataCopy>},
        {"memmem", &dataMethod<dataMemmem>},
        {"pattern_ismatch", &dataMethod<dataPatternIsMatch>},
        {"pcre_ismatch", &dataMethod<dataPcreIsMatch>},
        {"pcre_match", &dataMethod<dataPcreMatch>},
        {nullptr, nullptr},
    };
    static const luaL_Reg functions[] = {
        {"new", &guarded<dataNew>},
        {"pattern_create", &guarded<patternCreate>},
        {"pcre_create", &guarded<pcreCreate>},
        {nullptr, nullptr},
    };
    newMetatable(L, kArkimeDataMeta);
    luaL_newlib(L, methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &dataMethod<dataGet>);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
    newMeta(L, kPatternMeta, &patternGc);
    newMeta(L, kPcreMeta, &pcreGc);
    luaL_newlib(L, functions);
    for (const luaL_Reg *m = methods; m->name; ++m) {   // ArkimeData.get(d) works too, as in Arkime
        lua_pushcfunction(L, m->func);
        lua_setfield(L, -2, m->name);
    }
    lua_setglobal(L, "ArkimeData");
}

} // namespace luacap::luaapi

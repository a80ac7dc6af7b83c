// The shared light-userdata metatable: handles of each kind behave as objects of that kind's
// metatable (methods, __indexmiss, __call, __len, __tostring, arithmetic), kinds never see each
// other's methods, a C handler's error names the script's line, a kind without a handler gets
// Lua's own error, and a light userdata that is a plain address counts as kind 0.
#include <QtTest>
#include <cstring>
#include <lua.hpp>
#include <string>

#include "host/light_handle.h"
#include "host/light_metatable.h"
#include "host/lua_thunk.h"

using namespace luacap::luaapi;

namespace {
const char kAMeta[] = "test.A";
const char kBMeta[] = "test.B";

int aName(lua_State *L)
{
    lua_pushfstring(L, "A%d", int(lightPayload(lua_touserdata(L, 1))));
    return 1;
}
int bName(lua_State *L)
{
    lua_pushfstring(L, "B%d", int(lightPayload(lua_touserdata(L, 1))));
    return 1;
}
// __indexmiss of A: the key's length, or an error for "boom".
int aMiss(lua_State *L)
{
    const std::string key = luaL_checkstring(L, 2);
    if (key == "boom")
        return luaL_error(L, "no field boom");
    lua_pushinteger(L, lua_Integer(key.size()));
    return 1;
}
int aCall(lua_State *L)
{
    lua_pushinteger(L, luaL_checkinteger(L, 2) * 2);
    return 1;
}
int aLen(lua_State *L)
{
    lua_pushinteger(L, lua_Integer(lightPayload(lua_touserdata(L, 1))));
    return 1;
}
int aAdd(lua_State *L)
{
    lua_pushinteger(L, lua_Integer(lightPayload(lua_touserdata(L, 1))) + luaL_checkinteger(L, 2));
    return 1;
}

void defineKinds(lua_State *L)
{
    newMetatable(L, kAMeta);
    lua_newtable(L);
    lua_pushcfunction(L, &aName);
    lua_setfield(L, -2, "name");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, &aMiss);
    lua_setfield(L, -2, "__indexmiss");
    lua_pushcfunction(L, &aCall);
    lua_setfield(L, -2, "__call");
    lua_pushcfunction(L, &aLen);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, &aAdd);
    lua_setfield(L, -2, "__add");
    lua_pop(L, 1);
    setLightKind(L, 1, kAMeta);
    newMetatable(L, kBMeta);
    lua_newtable(L);
    lua_pushcfunction(L, &bName);
    lua_setfield(L, -2, "name");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    setLightKind(L, 2, kBMeta);
}
} // namespace

class TstLightMetatable : public QObject {
    Q_OBJECT

    lua_State *L = nullptr;

    // Runs code with globals a (kind 1, payload 7), b (kind 2, payload 3) and p (a plain
    // address); returns its result as text, or "error: ..." when it raised.
    QString run(const char *code)
    {
        lua_pushlightuserdata(L, lightHandleValue(1, 7));
        lua_setglobal(L, "a");
        lua_pushlightuserdata(L, lightHandleValue(2, 3));
        lua_setglobal(L, "b");
        static char plain;
        lua_pushlightuserdata(L, &plain);
        lua_setglobal(L, "p");
        if (luaL_loadbuffer(L, code, std::strlen(code), "=chunk") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
            const QString err = QStringLiteral("error: ") + QString::fromUtf8(lua_tostring(L, -1));
            lua_pop(L, 1);
            return err;
        }
        const QString out = QString::fromUtf8(luaL_tolstring(L, -1, nullptr));
        lua_pop(L, 2);
        return out;
    }

private slots:
    void init()
    {
        L = luaL_newstate();
        luaL_openlibs(L);
        installLightMetatable(L);
        defineKinds(L);
    }
    void cleanup() { lua_close(L); }

    void kindsDispatch_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("expected");
        QTest::newRow("method of A") << "return a:name()" << "A7";
        QTest::newRow("method of B") << "return b:name()" << "B3";
        QTest::newRow("miss of A") << "return a.abcd" << "4";
        QTest::newRow("B has no miss: nil") << "return tostring(b.abcd)" << "nil";
        QTest::newRow("call") << "return a(21)" << "42";
        QTest::newRow("len") << "return #a" << "7";
        QTest::newRow("add") << "return a + 5" << "12";
        QTest::newRow("equal handles") << "return tostring(a == a)" << "true";
        QTest::newRow("kinds differ") << "return tostring(a == b)" << "false";
        QTest::newRow("type") << "return type(a)" << "userdata";
        QTest::newRow("C handler error names the line") << "local x = 1\nreturn a.boom" << "error: chunk:2: no field boom";
        QTest::newRow("no __call on B") << "return b(1)" << "error: chunk:1: attempt to call a userdata value";
        QTest::newRow("no __len on B") << "return #b" << "error: chunk:1: attempt to get length of a userdata value";
        QTest::newRow("no __add on B") << "return b + 1" << "error: chunk:1: attempt to perform arithmetic on a userdata value";
        QTest::newRow("plain address is kind 0 (none set)") << "return p.x" << "error: chunk:1: attempt to index a userdata value";
    }
    void kindsDispatch()
    {
        QFETCH(QString, code);
        QFETCH(QString, expected);
        QCOMPARE(run(code.toUtf8().constData()), expected);
    }

    void defaultToString()
    {
        QVERIFY(run("return tostring(b)").startsWith("userdata: 0x"));
    }

    // A Lua function handler (not C) runs through a real call.
    void luaFunctionHandler()
    {
        luaL_getmetatable(L, kBMeta);
        luaL_loadstring(L, "return function(self, n) return 'called ' .. n end");
        lua_call(L, 0, 1);
        lua_setfield(L, -2, "__call");
        lua_pop(L, 1);
        setLightKind(L, 2, kBMeta);
        QCOMPARE(run("return b(9)"), QStringLiteral("called 9"));
    }
};

QTEST_APPLESS_MAIN(TstLightMetatable)
#include "tst_light_metatable.moc"

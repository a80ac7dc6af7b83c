// LuaHost and bindings in one state on this thread: dead handles after a callback scope,
// memory cap, registered functions all documented in docs/lua-api/arkime/.
#include <QDir>
#include <QFile>
#include <QtTest>
#include <algorithm>

#include "arkime/arkime_data.h"
#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "register_all.h"

using namespace luacap::luaapi;

class TstLuaHost : public QObject {
    Q_OBJECT
private slots:
    // An ArkimeData handed to a callback is dead once it returns; its copy stays valid.
    void borrowedDataDiesWithScope()
    {
        luacap::engine::FieldRegistry fields;
        LuaHost host(LuaLimits{}, fields, nullptr);
        lua_State *L = host.state();
        QCOMPARE(luaL_dostring(L, "function cb(d) kept = d; copy = d:copy(); return d:get() end\n"
                                  "function later(m) return kept[m](kept) end"), 0);
        const uint8_t bytes[] = {'a', 'b', 'c'};
        {
            CallbackScope scope(host);
            lua_getglobal(L, "cb");
            pushBorrowedData(host, bytes, 3);
            QVERIFY(host.call(1, 1, "cb"));
            QCOMPARE(QByteArray(lua_tostring(L, -1)), QByteArray("abc"));
            lua_pop(L, 1);
        }
        for (const char *m : {"get", "tostring", "copy", "memmem", "pcre_match"}) {
            lua_getglobal(L, "later");
            lua_pushstring(L, m);
            QVERIFY(!host.call(1, 1, "later"));
        }
        QCOMPARE(host.errors().counts().size(), size_t(1));
        QVERIFY(host.errors().counts().begin()->first.ends_with("ArkimeData does not contain valid data"));
        QCOMPARE(host.errors().counts().begin()->second, uint64_t(5));
        QCOMPARE(luaL_dostring(L, "return copy:get()"), 0);
        QCOMPARE(QByteArray(lua_tostring(L, -1)), QByteArray("abc"));
    }

    void memoryCapFailsTheCall()
    {
        luacap::engine::FieldRegistry fields;
        LuaLimits limits;
        limits.memoryCap = 4u << 20;
        LuaHost host(limits, fields, nullptr);
        lua_State *L = host.state();
        QCOMPARE(luaL_dostring(L, "function grow() local t = {} for i = 1, 1e7 do t[i] = ('x'):rep(100) .. i end end"), 0);
        lua_getglobal(L, "grow");
        QVERIFY(!host.call(0, 0, "grow"));
        QVERIFY(host.errors().counts().begin()->first.find("not enough memory") != std::string::npos);
        QVERIFY(host.memoryUsed() <= limits.memoryCap);
        lua_gc(L, LUA_GCCOLLECT, 0);
        QCOMPARE(luaL_dostring(L, "return 1 + 1"), 0);   // the state stays usable
    }

    // Every registered name (read from the globals and the metatables) has a "### Name" entry in docs/lua-api/arkime/*.md.
    void everyFunctionIsDocumented()
    {
        luacap::engine::FieldRegistry fields;
        LuaHost host(LuaLimits{}, fields, nullptr);
        QByteArray docs;
        for (const char *family : {"arkime", "core"}) {
            const QDir dir(QStringLiteral(LUACAP_SOURCE_DIR "/docs/lua-api/") + family);
            for (const QString &f : dir.entryList({"*.md"}, QDir::Files)) {
                QFile file(dir.filePath(f));
                QVERIFY(file.open(QIODevice::ReadOnly));
                docs += file.readAll();
            }
        }
        QStringList missing;
        const auto documented = [&](const QByteArray &n) {
            return docs.contains("### " + n + "\n") || docs.contains("### " + n + "(");
        };
        // The list comes from the metatables: session methods and properties are in it.
        const std::vector<std::string> names = registeredNames(host.state());
        for (const char *expected : {"core.set_map", "Map:lookup", "ArkimeSession:table", "ArkimeSession:get", "ArkimeSession.srcIp",
                                     "ArkimeData:memmem", "ArkimeSession.register_pre_save"})
            QVERIFY2(std::find(names.begin(), names.end(), expected) != names.end(), expected);
        for (const std::string &name : names) {
            const QByteArray n = QByteArray::fromStdString(name);
            // ArkimeData.get(d) is the documented alias of d:get().
            QByteArray asMethod = n;
            if (n.startsWith("ArkimeData."))
                asMethod.replace(10, 1, ":");
            if (!documented(n) && !documented(asMethod))
                missing << QString::fromStdString(name);
        }
        QVERIFY2(missing.isEmpty(), qPrintable("undocumented: " + missing.join(", ")));
    }

    // A method added to the session metatable shows up in registeredNames without any list
    // to update, so the documentation test above would report it.
    void newSessionMethodIsListed()
    {
        luacap::engine::FieldRegistry fields;
        LuaHost host(LuaLimits{}, fields, nullptr);
        lua_State *L = host.state();
        luaL_getmetatable(L, "luacap.ArkimeSession");
        lua_getfield(L, -1, "__methods");
        lua_pushcfunction(L, [](lua_State *) { return 0; });
        lua_setfield(L, -2, "probe_method");
        lua_pop(L, 2);
        const std::vector<std::string> names = registeredNames(L);
        QVERIFY(std::find(names.begin(), names.end(), "ArkimeSession:probe_method") != names.end());
    }
};

QTEST_GUILESS_MAIN(TstLuaHost)
#include "tst_lua_host.moc"

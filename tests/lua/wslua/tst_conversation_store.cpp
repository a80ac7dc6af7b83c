// ConversationStore: per-session conversation values by key, packet values by frame, the
// session:table() entry, and release at session end (checked with a __gc finalizer, so a
// leaked registry reference would show). A bare lua_State, on the test's thread.
#include <QtTest>
#include <lua.hpp>

#include "conversation/conversation_store.h"

using luacap::conversation::ConversationStore;

class TestConversationStore : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        L = luaL_newstate();
        luaL_openlibs(L);
        store = new ConversationStore(L);
    }
    void cleanup()
    {
        delete store;
        lua_close(L);
    }

    void conversationValuesByKey()
    {
        const int a = 0, b = 0;
        store->pushConversation(&a, "demo");
        QVERIFY(lua_isnil(L, -1));   // nothing set: nil (the module turns it into {})
        lua_pop(L, 1);
        lua_pushinteger(L, 7);
        store->setConversation(&a, "demo", -1);
        lua_pop(L, 1);
        QCOMPARE(number(&a, "demo"), 7);
        QCOMPARE(number(&a, "other"), -1);   // another proto of the same session
        QCOMPARE(number(&b, "demo"), -1);    // another session
        lua_pushnil(L);
        store->setConversation(&a, "demo", -1);   // nil removes
        lua_pop(L, 1);
        QCOMPARE(number(&a, "demo"), -1);
        QCOMPARE(lua_gettop(L), 0);
    }

    // The value ref a session state may keep: nil before a value is set, written through by
    // every set (also a removal), its own per key, stable while the session lives, dropped
    // with the session.
    void valueRefFollowsSets()
    {
        const int a = 0;
        auto valueOf = [this](int ref) {
            store->pushValue(ref);
            const lua_Integer v = lua_isnil(L, -1) ? -1 : lua_tointeger(L, -1);
            lua_pop(L, 1);
            return v;
        };
        const int ref = store->valueRef(&a, "demo");
        QVERIFY(ref != LUA_NOREF && ref != LUA_REFNIL);
        QCOMPARE(valueOf(ref), lua_Integer(-1));
        lua_pushinteger(L, 11);
        store->setConversation(&a, "demo", -1);
        lua_pop(L, 1);
        QCOMPARE(valueOf(ref), lua_Integer(11));
        QCOMPARE(store->valueRef(&a, "demo"), ref);
        const int other = store->valueRef(&a, "other");
        QVERIFY(other != ref);
        // Slots of values never set stay taken: each ref made after them is new.
        const int c = 0, d = 0;
        const int refC = store->valueRef(&c, "demo"), refD = store->valueRef(&d, "demo");
        QVERIFY(refC != ref && refC != other && refD != refC && refD != ref && refD != other);
        store->release(&c);
        store->release(&d);
        QCOMPARE(valueOf(other), lua_Integer(-1));
        lua_pushinteger(L, 12);
        store->setConversation(&a, "demo", -1);
        lua_pop(L, 1);
        QCOMPARE(valueOf(ref), lua_Integer(12));
        QCOMPARE(valueOf(other), lua_Integer(-1));
        lua_pushnil(L);
        store->setConversation(&a, "demo", -1);
        lua_pop(L, 1);
        QCOMPARE(valueOf(ref), lua_Integer(-1));
        // A ref made after the value was set starts with it.
        const int b = 0;
        lua_pushinteger(L, 13);
        store->setConversation(&b, "demo", -1);
        lua_pop(L, 1);
        QCOMPARE(valueOf(store->valueRef(&b, "demo")), lua_Integer(13));
        store->release(&a);
        store->release(&b);
        QCOMPARE(store->size(), size_t(0));
        // Released with the session: the address's next session starts empty.
        QCOMPARE(valueOf(store->valueRef(&b, "demo")), lua_Integer(-1));
        store->release(&b);
        QCOMPARE(lua_gettop(L), 0);
    }

    void packetValuesByFrame()
    {
        const int s = 0;
        for (int frame : {3, 4}) {
            lua_pushinteger(L, frame * 10);
            store->setPacket(&s, uint32_t(frame), "demo", -1);
            lua_pop(L, 1);
        }
        for (int frame : {3, 4, 5}) {
            store->pushPacket(&s, uint32_t(frame), "demo");
            QCOMPARE(lua_isnil(L, -1) ? -1 : int(lua_tointeger(L, -1)), frame == 5 ? -1 : frame * 10);
            lua_pop(L, 1);
        }
        store->pushPacket(&s, 3, "other");
        QVERIFY(lua_isnil(L, -1));
        lua_pop(L, 1);
        QCOMPARE(lua_gettop(L), 0);
    }

    // session:table() is one table per session, and it is the conversation value "arkime".
    void sessionTableIsConversationData()
    {
        const int s = 0;
        store->pushSessionTable(&s);
        lua_pushinteger(L, 1);
        lua_setfield(L, -2, "mark");
        lua_pop(L, 1);
        store->pushSessionTable(&s);
        lua_getfield(L, -1, "mark");
        QCOMPARE(int(lua_tointeger(L, -1)), 1);
        lua_pop(L, 2);
        store->pushConversation(&s, ConversationStore::kSessionTableKey);
        lua_getfield(L, -1, "mark");
        QCOMPARE(int(lua_tointeger(L, -1)), 1);
        lua_pop(L, 2);
    }

    // A kept sessionTableRef stays right while only new tables are made; replacing the
    // "arkime" value (a Proto of that name) changes the generation, so keepers look it up again.
    void sessionTableRefGeneration()
    {
        const int a = 0, b = 0;
        const uint64_t g0 = store->tableGeneration();
        const int refA = store->sessionTableRef(&a);
        store->sessionTableRef(&b);   // first use of another session: no change
        QCOMPARE(store->tableGeneration(), g0);
        QCOMPARE(store->sessionTableRef(&a), refA);
        lua_newtable(L);
        lua_pushinteger(L, 7);
        lua_setfield(L, -2, "mark");
        store->setConversation(&a, ConversationStore::kSessionTableKey, -1);
        lua_pop(L, 1);
        QVERIFY(store->tableGeneration() != g0);
        lua_rawgeti(L, LUA_REGISTRYINDEX, store->sessionTableRef(&a));
        lua_getfield(L, -1, "mark");
        QCOMPARE(int(lua_tointeger(L, -1)), 7);
        lua_pop(L, 2);
        QCOMPARE(lua_gettop(L), 0);
    }

    // A released session's values are collectable: their finalizers run at the next collection.
    void releaseFreesValues()
    {
        const int s = 0, kept = 0;
        setFinalized(&s, "gone");
        setFinalized(&kept, "kept");
        QCOMPARE(store->size(), size_t(2));
        store->release(&s);
        store->release(&s);   // twice is harmless
        lua_gc(L, LUA_GCCOLLECT, 0);
        QVERIFY(finalized("gone"));
        QVERIFY(!finalized("kept"));
        QCOMPARE(store->size(), size_t(1));
        store->clear();
        lua_gc(L, LUA_GCCOLLECT, 0);
        QVERIFY(finalized("kept"));
        QCOMPARE(store->size(), size_t(0));
    }

    // --two-pass: what a session kept in pass one is handed, by id, to the session object of
    // pass two; ids nobody adopted are freed by clear().
    void retainedValuesMoveToTheNextPass()
    {
        const int first = 0, second = 0, orphan = 0, stranger = 0;
        setFinalized(&first, "moved");
        setFinalized(&orphan, "orphan");
        lua_pushinteger(L, 5);
        store->setConversation(&first, "other", -1);
        lua_pop(L, 1);
        store->valueRef(&first, "moved");   // a kept ref must not keep the value past clear()
        store->retain(&first, 11);
        store->retain(&orphan, 12);
        QCOMPARE(store->size(), size_t(0));
        QCOMPARE(number(&first, "other"), -1);   // the old object no longer reaches them
        store->adopt(&second, 11);
        store->adopt(&stranger, 99);              // an id never retained: nothing
        QCOMPARE(number(&second, "other"), 5);
        store->pushValue(store->valueRef(&second, "other"));
        QCOMPARE(lua_tointeger(L, -1), lua_Integer(5));
        lua_pop(L, 1);
        store->pushPacket(&second, 1, "demo");
        QVERIFY(lua_istable(L, -1));
        lua_pop(L, 1);
        QCOMPARE(number(&stranger, "other"), -1);
        store->adopt(&stranger, 11);              // adopted once only
        QCOMPARE(number(&stranger, "other"), -1);
        lua_gc(L, LUA_GCCOLLECT, 0);
        QVERIFY(!finalized("moved"));
        QVERIFY(!finalized("orphan"));
        store->clear();
        lua_gc(L, LUA_GCCOLLECT, 0);
        QVERIFY(finalized("moved"));
        QVERIFY(finalized("orphan"));
    }

private:
    int number(const void *session, const char *key)
    {
        store->pushConversation(session, key);
        const int v = lua_isnil(L, -1) ? -1 : int(lua_tointeger(L, -1));
        lua_pop(L, 1);
        return v;
    }

    // Stores, as conversation and packet data, a table whose finalizer sets finalized[name].
    void setFinalized(const void *session, const char *name)
    {
        const QByteArray code = "finalized = finalized or {}\nreturn setmetatable({}, {__gc = function() finalized['" +
                                QByteArray(name) + "'] = true end})";
        QCOMPARE(luaL_dostring(L, code.constData()), LUA_OK);
        store->setConversation(session, "demo", -1);
        store->setPacket(session, 1, "demo", -1);
        lua_pop(L, 1);
    }

    bool finalized(const char *name)
    {
        lua_getglobal(L, "finalized");
        lua_getfield(L, -1, name);
        const bool done = lua_toboolean(L, -1);
        lua_pop(L, 2);
        return done;
    }

    lua_State *L = nullptr;
    ConversationStore *store = nullptr;
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversation_store.moc"

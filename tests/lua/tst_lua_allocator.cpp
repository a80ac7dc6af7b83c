// LuaAllocator: blocks keep their bytes across size changes (within a class, across classes,
// between the pool and malloc), the byte count follows Lua's sizes exactly, the cap refuses
// growth, and a real state runs on it (string churn, then everything back at lua_close).
#include <QtTest>
#include <cstring>
#include <lua.hpp>
#include <vector>

#include "host/lua_allocator.h"

using luacap::luaapi::LuaAllocator;

namespace {
void fill(void *p, size_t n, unsigned char seed)
{
    auto *b = static_cast<unsigned char *>(p);
    for (size_t i = 0; i < n; ++i)
        b[i] = static_cast<unsigned char>(seed + i * 7);
}

bool holds(const void *p, size_t n, unsigned char seed)
{
    const auto *b = static_cast<const unsigned char *>(p);
    for (size_t i = 0; i < n; ++i)
        if (b[i] != static_cast<unsigned char>(seed + i * 7))
            return false;
    return true;
}

void *allocFn(void *ud, void *ptr, size_t osize, size_t nsize)
{
    return static_cast<LuaAllocator *>(ud)->resize(ptr, osize, nsize);
}
} // namespace

class TstLuaAllocator : public QObject {
    Q_OBJECT
private slots:
    void resizeKeepsBytes_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::newRow("same class") << 17 << 30;
        QTest::newRow("smaller class") << 300 << 40;
        QTest::newRow("larger class") << 40 << 300;
        QTest::newRow("pool to malloc") << 100 << int(LuaAllocator::kMaxPooled) + 500;
        QTest::newRow("malloc to pool") << int(LuaAllocator::kMaxPooled) + 500 << 100;
        QTest::newRow("malloc to malloc") << 5000 << 9000;
        QTest::newRow("largest pooled") << int(LuaAllocator::kMaxPooled) << 1;
    }
    void resizeKeepsBytes()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        LuaAllocator a(1u << 20);
        void *p = a.resize(nullptr, 5 /* LUA_TTABLE: a type tag, not a size */, size_t(from));
        QVERIFY(p);
        QCOMPARE(a.used(), size_t(from));
        fill(p, size_t(from), 3);
        void *q = a.resize(p, size_t(from), size_t(to));
        QVERIFY(q);
        QCOMPARE(a.used(), size_t(to));
        QVERIFY(holds(q, size_t(std::min(from, to)), 3));
        fill(q, size_t(to), 9);   // the whole new size is writable (ASan checks it)
        QCOMPARE(a.resize(q, size_t(to), 0), nullptr);
        QCOMPARE(a.used(), size_t(0));
    }

    // Many live blocks of every pooled size never overlap, and freed blocks are reused.
    void liveBlocksDoNotOverlap()
    {
        LuaAllocator a(64u << 20);
        struct Block { void *p; size_t n; unsigned char seed; };
        std::vector<Block> blocks;
        for (size_t n = 1; n <= LuaAllocator::kMaxPooled; n += 7)
            for (int k = 0; k < 3; ++k) {
                void *p = a.resize(nullptr, 0, n);
                QVERIFY(p);
                fill(p, n, static_cast<unsigned char>(blocks.size()));
                blocks.push_back({p, n, static_cast<unsigned char>(blocks.size())});
            }
        for (const Block &b : blocks)
            QVERIFY(holds(b.p, b.n, b.seed));
        size_t total = 0;
        for (const Block &b : blocks)
            total += b.n;
        QCOMPARE(a.used(), total);
        for (size_t i = 0; i < blocks.size(); i += 2)
            a.resize(blocks[i].p, blocks[i].n, 0);
        for (size_t i = 1; i < blocks.size(); i += 2)
            QVERIFY(holds(blocks[i].p, blocks[i].n, blocks[i].seed));
        for (size_t i = 1; i < blocks.size(); i += 2)
            a.resize(blocks[i].p, blocks[i].n, 0);
        QCOMPARE(a.used(), size_t(0));
    }

    void capRefusesGrowthOnly()
    {
        LuaAllocator a(1000);
        void *p = a.resize(nullptr, 0, 800);
        QVERIFY(p);
        QCOMPARE(a.resize(nullptr, 0, 300), nullptr);   // would pass the cap
        QCOMPARE(a.resize(p, 800, 1200), nullptr);      // growth past the cap fails ...
        QCOMPARE(a.used(), size_t(800));                // ... and leaves the block alone
        void *q = a.resize(p, 800, 100);                // shrinking always works
        QVERIFY(q);
        QCOMPARE(a.used(), size_t(100));
        a.resize(q, 100, 0);
    }

    // A real state: short-lived strings of every size (the parsers' payload strings), tables,
    // closures; after lua_close nothing is counted as used.
    void luaStateRunsOnIt()
    {
        LuaAllocator a(256u << 20);
        lua_State *L = lua_newstate(&allocFn, &a);
        QVERIFY(L);
        luaL_openlibs(L);
        const char *script =
            "local t, n = {}, 0\n"
            "for i = 1, 20000 do\n"
            "  local s = ('x'):rep(i % 1600) .. i\n"
            "  t[i % 500] = {s = s, f = function() return #s end}\n"
            "  n = n + t[i % 500].f()\n"
            "end\n"
            "return n";
        QCOMPARE(luaL_dostring(L, script), 0);
        double expected = 0;
        for (int i = 1; i <= 20000; ++i)
            expected += (i % 1600) + QByteArray::number(i).size();
        QCOMPARE(lua_tonumber(L, -1), expected);
        QVERIFY(a.used() > 0);
        lua_close(L);
        QCOMPARE(a.used(), size_t(0));
    }
};

QTEST_APPLESS_MAIN(TstLuaAllocator)
#include "tst_lua_allocator.moc"

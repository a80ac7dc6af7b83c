// Tests for SmallSet: distinct values in first-seen order, inline then spilled to the heap,
// the size bound, clear, copies and moves.
#include <QtTest>

#include <array>
#include <cstdint>
#include <vector>

#include "session/small_set.h"

using namespace luacap::engine;

class TstSmallSet : public QObject {
    Q_OBJECT
private slots:
    void inlineThenSpilled();
    void boundedInsert();
    void clearEmptiesAndReuses();
    void copyAndMove();
    void staysSmall();
};

void TstSmallSet::inlineThenSpilled()
{
    SmallSet<uint8_t, 2> s;
    QVERIFY(s.empty());
    QVERIFY(s.insert(64));
    QVERIFY(!s.insert(64));
    QVERIFY(s.insert(63));
    QCOMPARE(std::vector<uint8_t>(s), (std::vector<uint8_t>{64, 63}));
    QVERIFY(s.insert(62));   // spills: the inline values move first, order kept
    QVERIFY(!s.insert(64));
    QVERIFY(s.insert(1));
    QCOMPARE(std::vector<uint8_t>(s), (std::vector<uint8_t>{64, 63, 62, 1}));
    QCOMPARE(s.size(), size_t(4));
    QCOMPARE(s.front(), uint8_t(64));
    QCOMPARE(s[2], uint8_t(62));
    QVERIFY(s.contains(1) && !s.contains(2));
}

void TstSmallSet::boundedInsert()
{
    SmallSet<uint16_t, 2> s;
    for (uint16_t v = 0; v < 100; ++v)
        s.insert(v, 64);
    QCOMPARE(s.size(), size_t(64));
    QCOMPARE(s[63], uint16_t(63));
}

void TstSmallSet::clearEmptiesAndReuses()
{
    SmallSet<std::array<uint8_t, 6>, 2> s{{1, 1, 1, 1, 1, 1}, {2, 2, 2, 2, 2, 2}, {3, 3, 3, 3, 3, 3}};
    QCOMPARE(s.size(), size_t(3));
    s.clear();
    QVERIFY(s.empty());
    QVERIFY(s.insert({4, 4, 4, 4, 4, 4}));
    QCOMPARE(s.size(), size_t(1));
    QCOMPARE(s.front()[0], uint8_t(4));
}

void TstSmallSet::copyAndMove()
{
    SmallSet<uint8_t, 2> inlined{5, 6};
    SmallSet<uint8_t, 2> spilled{1, 2, 3};
    SmallSet<uint8_t, 2> a(inlined), b(spilled);
    spilled.insert(4);
    QCOMPARE(std::vector<uint8_t>(b), (std::vector<uint8_t>{1, 2, 3}));
    QCOMPARE(std::vector<uint8_t>(a), (std::vector<uint8_t>{5, 6}));
    a = spilled;
    QCOMPARE(std::vector<uint8_t>(a), (std::vector<uint8_t>{1, 2, 3, 4}));
    const SmallSet<uint8_t, 2> &self = a;
    a = self;
    QCOMPARE(a.size(), size_t(4));
    SmallSet<uint8_t, 2> moved(std::move(spilled));
    QCOMPARE(std::vector<uint8_t>(moved), (std::vector<uint8_t>{1, 2, 3, 4}));
    b = SmallSet<uint8_t, 2>{9};
    QCOMPARE(std::vector<uint8_t>(b), std::vector<uint8_t>{9});
}

// The inline values, a count and one pointer: what a session pays per set.
void TstSmallSet::staysSmall()
{
    QCOMPARE(sizeof(SmallSet<uint8_t, 4>), size_t(16));
    QCOMPARE(sizeof(SmallSet<uint16_t, 2>), size_t(16));
    QCOMPARE(sizeof(SmallSet<std::array<uint8_t, 6>, 2>), size_t(24));
}

QTEST_GUILESS_MAIN(TstSmallSet)
#include "tst_small_set.moc"

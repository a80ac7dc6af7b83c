// Tests for SessionFields: value sets per field, order, case folding, IP text.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <string>

#include "fields/field_registry.h"
#include "fields/session_fields.h"

using namespace luacap::engine;

class TstSessionFields : public QObject {
    Q_OBJECT
private slots:
    void uniqueInOrder();
    void caseFolding_data();
    void caseFolding();
    void ipText_data();
    void ipText();
    void idsSortedAndTypesKept();
    void fakeAndWrongTypeIgnored();
    void singleReplaces();
    void arrayKeepsDuplicates();
    void interleavedFieldsKeepOrder();
    void longAndEmptyStrings();
    void singleReplacementsStayBounded();
    void numbersCompareAsNumbers();
    void kindsOfOneIdKeptApart();
    void clearKeepsWorking();
    void copyAndMove();
    void viewsIterate();
    void compactForATypicalSession();
    void shrinkKeepsValues();
};

namespace {
FieldDef makeDef(int id, FieldType type, uint32_t flags = 0)
{
    FieldDef d;
    d.id = id;
    d.expression = d.dbField = "f" + std::to_string(id);
    d.type = type;
    d.flags = flags;
    return d;
}
} // namespace

void TstSessionFields::uniqueInOrder()
{
    SessionFields f;
    const FieldDef d = makeDef(5, FieldType::String);
    QVERIFY(f.addString(d, "b"));
    QVERIFY(f.addString(d, "a"));
    QVERIFY(!f.addString(d, "b"));
    QCOMPARE(f.count(5), size_t(2));
    QCOMPARE(*f.strings(5), (std::vector<std::string>{"b", "a"}));
    const FieldDef n = makeDef(6, FieldType::Integer);
    QVERIFY(f.addInt(n, 7));
    QVERIFY(!f.addInt(n, 7));
    QVERIFY(f.addInt(n, -1));
    QCOMPARE(*f.ints(6), (std::vector<int64_t>{7, -1}));
}

void TstSessionFields::caseFolding_data()
{
    QTest::addColumn<uint>("flags");
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("lower") << uint(FieldLowercase) << "GET /A" << "get /a";
    QTest::newRow("upper") << uint(FieldUppercase) << "get /a" << "GET /A";
    QTest::newRow("none") << 0u << "GeT" << "GeT";
    QTest::newRow("utf8 untouched") << uint(FieldLowercase) << QString::fromUtf8("ÄB") << QString::fromUtf8("Äb");
}

void TstSessionFields::caseFolding()
{
    QFETCH(uint, flags);
    QFETCH(QString, in);
    QFETCH(QString, out);
    SessionFields f;
    const FieldDef d = makeDef(3, FieldType::String, flags);
    f.addString(d, in.toStdString());
    QCOMPARE(QString::fromStdString(std::string(f.strings(3)->front())), out);
    // Values differing only in case are one value once folded.
    if (flags)
        QVERIFY(!f.addString(d, out.toStdString()));
}

void TstSessionFields::ipText_data()
{
    QTest::addColumn<QByteArray>("addr");
    QTest::addColumn<QString>("text");
    QTest::newRow("v4") << QByteArray::fromHex("0a000001") << "10.0.0.1";
    QTest::newRow("v6 compressed") << QByteArray::fromHex("20010db8000000010000000000000002") << "2001:db8:0:1::2";
    QTest::newRow("v6 link local") << QByteArray::fromHex("fe800000000000000a0027fffefe8f95") << "fe80::a00:27ff:fefe:8f95";
    QTest::newRow("v4 mapped") << QByteArray::fromHex("00000000000000000000ffffc0a80001") << "192.168.0.1";
}

void TstSessionFields::ipText()
{
    QFETCH(QByteArray, addr);
    QFETCH(QString, text);
    SessionFields f;
    const FieldDef d = makeDef(2, FieldType::Ip);
    QVERIFY(f.addIp(d, reinterpret_cast<const uint8_t *>(addr.constData()), int(addr.size())));
    QCOMPARE(QString::fromStdString(std::string(f.strings(2)->front())), text);
    QVERIFY(!f.addIp(d, reinterpret_cast<const uint8_t *>(addr.constData()), int(addr.size())));
    QVERIFY(!f.addIp(d, reinterpret_cast<const uint8_t *>(addr.constData()), 5));
}

void TstSessionFields::idsSortedAndTypesKept()
{
    SessionFields f;
    f.addString(makeDef(9, FieldType::String), "x");
    f.addInt(makeDef(1, FieldType::Integer), 3);
    f.addFloat(makeDef(4, FieldType::Float), 2.5);
    QCOMPARE(f.fieldIds(), (std::vector<int>{1, 4, 9}));
    QVERIFY(f.has(4) && !f.has(5));
    QVERIFY(f.ints(9) == nullptr);
    QCOMPARE(f.floats(4)->front(), 2.5);
    f.clear();
    QVERIFY(f.fieldIds().empty());
    QCOMPARE(f.count(1), size_t(0));
}

void TstSessionFields::fakeAndWrongTypeIgnored()
{
    FieldRegistry r;
    SessionFields f;
    const FieldDef &vlan = r.get(r.idOfDb("network.vlan.id"));
    QVERIFY(!f.addInt(vlan, 10));
    QVERIFY(!f.addString(makeDef(1, FieldType::Integer), "1"));
    QVERIFY(!f.addInt(makeDef(2, FieldType::String), 1));
    QVERIFY(f.fieldIds().empty());
}

void TstSessionFields::singleReplaces()
{
    SessionFields f;
    const FieldDef d = makeDef(1, FieldType::String, FieldSingle);
    QVERIFY(f.addString(d, "a"));
    QVERIFY(f.addString(d, "b"));
    QVERIFY(!f.addString(d, "b"));
    QCOMPARE(*f.strings(1), std::vector<std::string>{"b"});
}

void TstSessionFields::arrayKeepsDuplicates()
{
    SessionFields f;
    const FieldDef d = makeDef(7, FieldType::String, FieldArray | FieldLowercase | FieldSingle);
    QVERIFY(f.addString(d, "Host"));
    QVERIFY(f.addString(d, "host"));
    QVERIFY(f.addString(d, "Accept"));
    QCOMPARE(*f.strings(7), (std::vector<std::string>{"host", "host", "accept"}));
    QCOMPARE(f.count(7), size_t(3));
}

// Values of many fields added in turn (as parsers do) come back per field, in order, and
// survive the block being moved many times.
void TstSessionFields::interleavedFieldsKeepOrder()
{
    SessionFields f;
    std::vector<std::vector<std::string>> expected(40);
    for (int round = 0; round < 30; ++round)
        for (int id = 39; id >= 0; id -= 3) {
            const std::string v = std::to_string(id) + "/" + std::to_string(round) + std::string(size_t(round * 7 % 50), 'x');
            QVERIFY(f.addString(makeDef(id, FieldType::String), v));
            QVERIFY(!f.addString(makeDef(id, FieldType::String), v));
            expected[size_t(id)].push_back(v);
        }
    std::vector<int> ids;
    for (int id = 0; id < 40; ++id) {
        if (expected[size_t(id)].empty()) {
            QVERIFY(f.strings(id) == nullptr);
            continue;
        }
        ids.push_back(id);
        QCOMPARE(*f.strings(id), expected[size_t(id)]);
        QCOMPARE(f.strings(id)->back(), std::string_view(expected[size_t(id)].back()));
    }
    QCOMPARE(f.fieldIds(), ids);
}

void TstSessionFields::longAndEmptyStrings()
{
    SessionFields f;
    const FieldDef d = makeDef(2, FieldType::String);
    const std::string len127(127, 'a'), len128(128, 'b'), len16384(16384, 'c'), big(300000, 'd');
    QVERIFY(f.addString(d, ""));
    QVERIFY(!f.addString(d, ""));
    for (const std::string *s : {&len127, &len128, &len16384, &big})
        QVERIFY(f.addString(d, *s));
    QVERIFY(!f.addString(d, len128));
    QVERIFY(f.addString(d, std::string(128, 'a')));   // same length, other bytes
    QCOMPARE(*f.strings(2), (std::vector<std::string>{"", len127, len128, len16384, big, std::string(128, 'a')}));
    std::string withNul("a\0b", 3);
    QVERIFY(f.addString(d, withNul));
    QVERIFY(!f.addString(d, withNul));
    QVERIFY(f.addString(d, "a"));
    QCOMPARE(f.strings(2)->back(), std::string_view("a"));
    QCOMPARE((*f.strings(2))[6], std::string_view(withNul));
}

// A single-valued string replaced over and over leaves dead records behind; the block is
// compacted when it fills, so it stays small.
void TstSessionFields::singleReplacementsStayBounded()
{
    SessionFields f;
    const FieldDef single = makeDef(3, FieldType::String, FieldSingle);
    const FieldDef set = makeDef(1, FieldType::String);
    const FieldDef num = makeDef(5, FieldType::Integer, FieldSingle);
    f.addString(set, "kept");
    for (int i = 0; i < 10000; ++i) {
        QVERIFY(f.addString(single, "value number " + std::to_string(i)));
        QVERIFY(f.addInt(num, i));
    }
    QVERIFY(f.addString(set, "also kept"));
    QCOMPARE(*f.strings(3), std::vector<std::string>{"value number 9999"});
    QCOMPARE(*f.ints(5), std::vector<int64_t>{9999});
    QCOMPARE(*f.strings(1), (std::vector<std::string>{"kept", "also kept"}));
    QVERIFY2(f.capacityBytes() < 512, std::to_string(f.capacityBytes()).c_str());
}

void TstSessionFields::numbersCompareAsNumbers()
{
    SessionFields f;
    const FieldDef d = makeDef(4, FieldType::Float);
    QVERIFY(f.addFloat(d, 0.0));
    QVERIFY(!f.addFloat(d, -0.0));   // equal as doubles, as std::find saw them
    QVERIFY(!f.addFloat(d, std::nan("")));
    QVERIFY(f.addFloat(d, 1.5));
    QCOMPARE(*f.floats(4), (std::vector<double>{0.0, 1.5}));
    const FieldDef n = makeDef(6, FieldType::Integer);
    QVERIFY(f.addInt(n, INT64_MIN));
    QVERIFY(f.addInt(n, INT64_MAX));
    QVERIFY(!f.addInt(n, INT64_MIN));
    QCOMPARE(*f.ints(6), (std::vector<int64_t>{INT64_MIN, INT64_MAX}));
}

// Defs of different types under one id (not something a registry hands out) keep apart.
void TstSessionFields::kindsOfOneIdKeptApart()
{
    SessionFields f;
    QVERIFY(f.addInt(makeDef(8, FieldType::Integer), 1));
    QVERIFY(f.addString(makeDef(8, FieldType::String), "1"));
    QVERIFY(f.addFloat(makeDef(8, FieldType::Float), 1.0));
    QCOMPARE(f.count(8), size_t(3));
    QCOMPARE(f.fieldIds(), std::vector<int>{8});
    QCOMPARE(*f.strings(8), std::vector<std::string>{"1"});
    QCOMPARE(*f.ints(8), std::vector<int64_t>{1});
    QCOMPARE(*f.floats(8), std::vector<double>{1.0});
    QVERIFY(!f.has(7) && !f.has(9) && !f.has(-1) && !f.has(INT32_MAX));
    QVERIFY(!f.addInt(makeDef(1 << 30, FieldType::Integer), 1));
}

void TstSessionFields::clearKeepsWorking()
{
    SessionFields f;
    for (int i = 0; i < 20; ++i)
        f.addString(makeDef(i, FieldType::String), "before " + std::to_string(i));
    f.clear();
    QVERIFY(f.fieldIds().empty());
    QVERIFY(f.strings(3) == nullptr);
    QVERIFY(f.addString(makeDef(3, FieldType::String), "before 3"));
    QCOMPARE(*f.strings(3), std::vector<std::string>{"before 3"});
    QCOMPARE(f.fieldIds(), std::vector<int>{3});
}

void TstSessionFields::copyAndMove()
{
    SessionFields f;
    f.addString(makeDef(1, FieldType::String), "one");
    f.addInt(makeDef(2, FieldType::Integer), 2);
    SessionFields copy(f);
    f.addString(makeDef(1, FieldType::String), "more");
    QCOMPARE(*copy.strings(1), std::vector<std::string>{"one"});
    QCOMPARE(*f.strings(1), (std::vector<std::string>{"one", "more"}));
    SessionFields moved(std::move(f));
    QCOMPARE(*moved.strings(1), (std::vector<std::string>{"one", "more"}));
    copy = moved;
    QCOMPARE(*copy.ints(2), std::vector<int64_t>{2});
    QVERIFY(copy.addString(makeDef(1, FieldType::String), "copy only"));
    QCOMPARE(moved.count(1), size_t(2));
    copy = SessionFields();
    QVERIFY(copy.fieldIds().empty());
}

void TstSessionFields::viewsIterate()
{
    SessionFields f;
    const FieldDef d = makeDef(1, FieldType::String);
    for (const char *v : {"tcp", "http", "tls"})
        f.addString(d, v);
    const StringValues &list = *f.strings(1);
    QCOMPARE(list.size(), size_t(3));
    QVERIFY(std::find(list.begin(), list.end(), "http") != list.end());
    QVERIFY(std::find(list.begin(), list.end(), "smtp") == list.end());
    QCOMPARE(std::distance(list.begin(), list.end()), std::ptrdiff_t(3));
    QCOMPARE(list[2], std::string_view("tls"));
    QCOMPARE(list.toVector<std::string>(), (std::vector<std::string>{"tcp", "http", "tls"}));
    QVERIFY(!(list == std::vector<std::string>{"tcp", "http"}));
    QVERIFY(!(list == std::vector<std::string>{"tcp", "http", "tlsx"}));
}

// The fields of a typical HTTP session fit in one block of well under a kilobyte (the
// vector-of-vectors layout took about 2.5 KB, the first block layout 808 bytes).
void TstSessionFields::compactForATypicalSession()
{
    SessionFields f;
    int id = 0;
    f.addString(makeDef(id, FieldType::String), "tcp");
    f.addString(makeDef(id, FieldType::String), "http");
    for (const char *v : {"1.1", "www.jsqbgdsdlu72.org", "75df028491c02ac719e897058a86e7a3", "GET",
                          "/twulbc/nwriuphl.html", "1.1", "www.jsqbgdsdlu72.org/twulbc/nwriuphl.html", "Wget/1.21.3"})
        f.addString(makeDef(++id, FieldType::String), v);
    for (const char *v : {"host", "user-agent", "accept", "connection"})
        f.addString(makeDef(20, FieldType::String, FieldArray), v);
    for (const char *v : {"date", "server", "content-type", "connection", "content-length"})
        f.addString(makeDef(21, FieldType::String, FieldArray), v);
    f.addInt(makeDef(22, FieldType::Integer), 200);
    f.addInt(makeDef(23, FieldType::Integer, FieldSingle), 1);
    QCOMPARE(f.fieldIds().size(), size_t(13));
    QVERIFY2(f.capacityBytes() <= 700, std::to_string(f.capacityBytes()).c_str());
    f.shrinkToFit();   // as when the session starts to linger: 13 slots of 16 bytes + the values
    QVERIFY2(f.capacityBytes() <= 560, std::to_string(f.capacityBytes()).c_str());
}

// A closing session gives its spare room back; values, order and later adds are unaffected.
void TstSessionFields::shrinkKeepsValues()
{
    SessionFields f;
    f.shrinkToFit();
    QCOMPARE(f.capacityBytes(), size_t(0));
    const FieldDef single = makeDef(2, FieldType::String, FieldSingle);
    for (int id = 1; id <= 9; ++id)
        f.addString(makeDef(id, FieldType::String), "value of " + std::to_string(id));
    f.addString(single, "replaced by a longer value");   // leaves waste: dropped by the shrink
    f.addString(single, "last");
    const size_t before = f.capacityBytes();
    f.shrinkToFit();
    QVERIFY2(f.capacityBytes() < before, (std::to_string(f.capacityBytes()) + " " + std::to_string(before)).c_str());
    QCOMPARE(f.fieldIds(), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    QCOMPARE(*f.strings(2), (std::vector<std::string>{"last"}));
    QCOMPARE(*f.strings(9), (std::vector<std::string>{"value of 9"}));
    const size_t shrunk = f.capacityBytes();
    f.shrinkToFit();
    QCOMPARE(f.capacityBytes(), shrunk);
    QVERIFY(f.addString(makeDef(10, FieldType::String), "after"));
    QVERIFY(f.addString(makeDef(1, FieldType::String), "more"));
    QCOMPARE(*f.strings(1), (std::vector<std::string>{"value of 1", "more"}));
    QCOMPARE(*f.strings(10), std::vector<std::string>{"after"});
    f.clear();
    f.shrinkToFit();
    QVERIFY(f.capacityBytes() <= 24);
    QVERIFY(f.addInt(makeDef(3, FieldType::Integer), 3));
    QCOMPARE(*f.ints(3), std::vector<int64_t>{3});
}

QTEST_GUILESS_MAIN(TstSessionFields)
#include "tst_session_fields.moc"

// Tests for SessionFields: value sets per field, order, case folding, IP text.
#include <QtTest>

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
    QCOMPARE(QString::fromStdString(f.strings(3)->front()), out);
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
    QCOMPARE(QString::fromStdString(f.strings(2)->front()), text);
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

QTEST_GUILESS_MAIN(TstSessionFields)
#include "tst_session_fields.moc"

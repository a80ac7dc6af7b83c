// Tests for FieldRegistry: builtins, fixed fields, and Arkime's custom-field spec syntax.
#include <QtTest>

#include "fields/field_registry.h"

using namespace luacap::engine;

class TstFieldRegistry : public QObject {
    Q_OBJECT
private slots:
    void builtins();
    void fixedFieldsAreFake();
    void spec_data();
    void spec();
    void badSpec_data();
    void badSpec();
    void redefineSameIsSameId();
    void redefineConflictFails();
    void builtinDbIsIgnoredWithWarning();
    void specWithoutDbFindsExisting();
};

void TstFieldRegistry::builtins()
{
    FieldRegistry r;
    QCOMPARE(r.get(FieldRegistry::Protocol).dbField, std::string("protocol"));
    QCOMPARE(r.get(FieldRegistry::Protocol).expression, std::string("protocols"));
    QVERIFY(r.get(FieldRegistry::Protocol).flags & FieldCnt);
    QCOMPARE(r.get(FieldRegistry::Tags).dbField, std::string("tags"));
    QVERIFY(r.get(FieldRegistry::Tags).flags & FieldCnt);
    QCOMPARE(r.idOf("tags"), int(FieldRegistry::Tags));
    QCOMPARE(r.idOfDb("protocol"), int(FieldRegistry::Protocol));
    QCOMPARE(r.idOf("no.such"), -1);
}

void TstFieldRegistry::fixedFieldsAreFake()
{
    FieldRegistry r;
    const int id = r.idOfDb("network.vlan.id");
    QVERIFY(id >= FieldRegistry::BuiltinCount);
    QVERIFY(r.get(id).flags & FieldFake);
    QCOMPARE(r.get(r.idOf("ip.src")).dbField, std::string("source.ip"));
}

void TstFieldRegistry::spec_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("db");
    QTest::addColumn<int>("type");
    QTest::addColumn<uint>("flags");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("friendly");

    QTest::newRow("termfield count") << "iscool" << "kind:termfield;count:true;friendly:Is cool;db:iscool;help:Is Cool String;viewerOnly:true"
                                     << "iscool" << int(FieldType::String) << uint(FieldCnt) << "general" << "Is cool";
    QTest::newRow("lotermfield") << "sample.md5" << "db:sample.md5;kind:lotermfield;friendly:Sample MD5;count:true;help:MD5"
                                 << "sample.md5" << int(FieldType::String) << uint(FieldCnt | FieldLowercase) << "sample" << "Sample MD5";
    QTest::newRow("uptermfield no count") << "x.code" << "kind:uptermfield;db:x.code"
                                          << "x.code" << int(FieldType::String) << uint(FieldUppercase) << "x" << "x.code";
    QTest::newRow("integer with group") << "entropy.http" << "kind:integer;db:entropy.http;group:http;count:false"
                                        << "entropy.http" << int(FieldType::Integer) << 0u << "http" << "entropy.http";
    QTest::newRow("seconds is integer") << "t.when" << "kind:seconds;db:t.when" << "t.when" << int(FieldType::Integer) << 0u << "t" << "t.when";
    QTest::newRow("float") << "score" << "kind:float;db:score" << "score" << int(FieldType::Float) << 0u << "general" << "score";
    QTest::newRow("ip") << "asset.ip" << "kind:ip;db:asset.ip;count:true" << "asset.ip" << int(FieldType::Ip) << uint(FieldCnt) << "asset" << "asset.ip";
    QTest::newRow("db differs from expression") << "asset.src" << "kind:lotermfield;count:true;db:assetName.src"
                                                << "assetName.src" << int(FieldType::String) << uint(FieldCnt | FieldLowercase) << "asset" << "asset.src";
    QTest::newRow("field: overrides expression") << "ignored" << "field:real.name;kind:termfield;db:real.name"
                                                 << "real.name" << int(FieldType::String) << 0u << "real" << "real.name";
    QTest::newRow("trailing semicolon") << "a.b" << "kind:termfield;db:a.b;" << "a.b" << int(FieldType::String) << 0u << "a" << "a.b";
}

void TstFieldRegistry::spec()
{
    QFETCH(QString, expression);
    QFETCH(QString, spec);
    QFETCH(QString, db);
    QFETCH(int, type);
    QFETCH(uint, flags);
    QFETCH(QString, group);
    QFETCH(QString, friendly);
    FieldRegistry r;
    std::string error;
    const int id = r.defineFromSpec(expression.toStdString(), spec.toStdString(), &error);
    QVERIFY2(id >= 0, error.c_str());
    const FieldDef &def = r.get(id);
    QCOMPARE(QString::fromStdString(def.dbField), db);
    QCOMPARE(int(def.type), type);
    QCOMPARE(uint(def.flags), flags);
    QCOMPARE(QString::fromStdString(def.group), group);
    QCOMPARE(QString::fromStdString(def.friendlyName), friendly);
    QCOMPARE(r.idOf(def.expression), id);
}

void TstFieldRegistry::badSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("message");
    QTest::newRow("no kind") << "db:foo.bar" << "no kind:";
    QTest::newRow("unknown kind") << "kind:blob;db:foo.bar" << "unknown kind 'blob'";
    QTest::newRow("no db, unknown field") << "kind:termfield" << "no db:";
    QTest::newRow("bad count") << "kind:termfield;db:foo.bar;count:yes" << "count must be true or false";
    QTest::newRow("not key:value") << "kind:termfield;db:foo.bar;oops" << "'oops' is not key:value";
    QTest::newRow("-term db") << "kind:termfield;db:foo.bar-term" << "must not end with -term";
    QTest::newRow("empty db segment") << "kind:termfield;db:foo..bar" << "empty path segment";
    QTest::newRow("db is a fixed object") << "kind:termfield;db:source" << "collides with 'source.ip'";
    QTest::newRow("db inside a fixed value") << "kind:termfield;db:node.name" << "collides with 'node'";
}

void TstFieldRegistry::badSpec()
{
    QFETCH(QString, spec);
    QFETCH(QString, message);
    FieldRegistry r;
    const size_t before = r.size();
    std::string error;
    QCOMPARE(r.defineFromSpec("foo.bar", spec.toStdString(), &error), -1);
    QVERIFY2(QString::fromStdString(error).contains(message), error.c_str());
    QVERIFY2(QString::fromStdString(error).contains("foo.bar"), error.c_str());
    QCOMPARE(r.size(), before);
}

void TstFieldRegistry::redefineSameIsSameId()
{
    FieldRegistry r;
    std::string error;
    const int a = r.defineFromSpec("http.uri", "kind:termfield;db:http.uri;count:true", &error);
    const int b = r.defineFromSpec("http.uri", "kind:termfield;db:http.uri;count:true", &error);
    QVERIFY(a >= 0);
    QCOMPARE(b, a);
}

void TstFieldRegistry::redefineConflictFails()
{
    FieldRegistry r;
    std::string error;
    QVERIFY(r.defineFromSpec("http.uri", "kind:termfield;db:http.uri", &error) >= 0);
    QCOMPARE(r.defineFromSpec("http.uri", "kind:termfield;db:http.other", &error), -1);
    QVERIFY2(QString::fromStdString(error).contains("already defined"), error.c_str());

    FieldDef def;
    def.expression = "y";
    def.dbField = "http.uri";   // db already taken by another expression
    QCOMPARE(r.define(def, &error), -1);
    QVERIFY2(QString::fromStdString(error).contains("already used"), error.c_str());
}

// Arkime's test config tries to redefine the builtin VLAN field; it must keep the builtin.
void TstFieldRegistry::builtinDbIsIgnoredWithWarning()
{
    FieldRegistry r;
    std::string error, warning;
    const int id = r.defineFromSpec("network.vlan.id", "db:network.vlan.id;kind:termfield;friendly:VLAN", &error, &warning);
    QCOMPARE(id, r.idOfDb("network.vlan.id"));
    QVERIFY(r.get(id).flags & FieldFake);
    QCOMPARE(r.get(id).type, FieldType::Integer);
    QVERIFY2(QString::fromStdString(warning).contains("ignored"), warning.c_str());
}

void TstFieldRegistry::specWithoutDbFindsExisting()
{
    FieldRegistry r;
    std::string error;
    QCOMPARE(r.defineFromSpec("tags", "kind:termfield", &error), int(FieldRegistry::Tags));
}

QTEST_GUILESS_MAIN(TstFieldRegistry)
#include "tst_field_registry.moc"

// Tests for JsonWriter: escaping, UTF-8 repair, numbers, nesting; output parsed back by Qt.
#include <QtTest>

#include <cmath>
#include <limits>
#include <set>

#include "records/json_writer.h"

using namespace luacap::engine;

class TstJsonWriter : public QObject {
    Q_OBJECT
private slots:
    void escaping_data();
    void escaping();
    void integersExact();
    void integerDigits_data();
    void integerDigits();
    void doublesRoundTrip_data();
    void doublesRoundTrip();
    void nonFiniteIsNull();
    void nesting();
};

namespace {
QJsonValue parseSingle(const std::string &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString("[" + json + "]"), &err);
    if (err.error != QJsonParseError::NoError)
        qWarning() << "parse error" << err.errorString() << QByteArray::fromStdString(json);
    return doc.array().at(0);
}
} // namespace

void TstJsonWriter::escaping_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("decoded");
    QTest::newRow("plain") << QByteArray("abc") << QByteArray("\"abc\"") << "abc";
    QTest::newRow("quote") << QByteArray("a\"b") << QByteArray("\"a\\\"b\"") << "a\"b";
    QTest::newRow("backslash") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"") << "a\\b";
    QTest::newRow("newline tab") << QByteArray("a\nb\tc\r") << QByteArray("\"a\\nb\\tc\\r\"") << "a\nb\tc\r";
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray("\"a\\u0000b\"") << QString::fromUtf8("a\0b", 3);
    QTest::newRow("control 0x1f") << QByteArray("\x1f") << QByteArray("\"\\u001f\"") << QString(QChar(0x1f));
    QTest::newRow("valid utf8") << QByteArray("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80") << QByteArray("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"")
                                << QString::fromUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    const QString fffd(QChar(0xfffd));
    QTest::newRow("lone continuation") << QByteArray("a\x80z") << QByteArray("\"a\xef\xbf\xbdz\"") << "a" + fffd + "z";
    QTest::newRow("truncated sequence") << QByteArray("\xe2\x82") << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\"") << fffd + fffd;
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\"") << fffd + fffd;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"") << fffd + fffd + fffd;
    QTest::newRow("above U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << QByteArray("\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"")
                                    << fffd + fffd + fffd + fffd;
    QTest::newRow("latin1 byte") << QByteArray("caf\xe9") << QByteArray("\"caf\xef\xbf\xbd\"") << "caf" + fffd;
}

void TstJsonWriter::escaping()
{
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, encoded);
    QFETCH(QString, decoded);
    std::string out;
    JsonWriter w(out);
    w.value(std::string_view(in.constData(), size_t(in.size())));
    QCOMPARE(QByteArray::fromStdString(out), encoded);
    QCOMPARE(parseSingle(out).toString(), decoded);
}

void TstJsonWriter::integersExact()
{
    std::string out;
    JsonWriter w(out);
    w.beginArray();
    w.value(std::numeric_limits<int64_t>::min());
    w.value(std::numeric_limits<uint64_t>::max());
    w.value(int64_t(9007199254740993));   // 2^53 + 1: not representable as a double
    w.value(0);
    w.value(4294967295u);
    w.endArray();
    QCOMPARE(out, std::string("[-9223372036854775808,18446744073709551615,9007199254740993,0,4294967295]"));
}

// Every digit count, both signs, around the two-digit steps of the formatter.
void TstJsonWriter::integerDigits_data()
{
    QTest::addColumn<qint64>("value");
    std::set<qint64> values;
    qint64 p = 1;
    for (int digits = 1; digits <= 18; ++digits, p *= 10)
        for (qint64 v : {p - 1, p, p + 1, 2 * p - 1, 10 * p - 1})
            values.insert({v, -v});
    for (qint64 v : values)
        QTest::addRow("%lld", v) << v;
}

void TstJsonWriter::integerDigits()
{
    QFETCH(qint64, value);
    std::string out;
    JsonWriter w(out);
    w.beginArray();
    w.value(int64_t(value));
    if (value >= 0)
        w.value(uint64_t(value));
    w.endArray();
    const std::string text = std::to_string(value);
    QCOMPARE(out, "[" + text + (value >= 0 ? "," + text : std::string()) + "]");
}

void TstJsonWriter::doublesRoundTrip_data()
{
    QTest::addColumn<double>("v");
    QTest::newRow("0.1") << 0.1;
    QTest::newRow("1/3") << 1.0 / 3.0;
    QTest::newRow("large") << 1.7976931348623157e308;
    QTest::newRow("tiny") << 4.9406564584124654e-324;
    QTest::newRow("negative") << -2.5;
    QTest::newRow("integral") << 3.0;
}

void TstJsonWriter::doublesRoundTrip()
{
    QFETCH(double, v);
    std::string out;
    JsonWriter w(out);
    w.value(v);
    QCOMPARE(std::strtod(out.c_str(), nullptr), v);
    QCOMPARE(parseSingle(out).toDouble(), v);
}

void TstJsonWriter::nonFiniteIsNull()
{
    std::string out;
    JsonWriter w(out);
    w.beginArray();
    w.value(std::nan(""));
    w.value(std::numeric_limits<double>::infinity());
    w.endArray();
    QCOMPARE(out, std::string("[null,null]"));
}

void TstJsonWriter::nesting()
{
    std::string out;
    JsonWriter w(out);
    w.beginObject();
    w.key("a");
    w.beginArray();
    w.value(1);
    w.beginObject();
    w.endObject();
    w.rawValue("{\"r\":2}");
    w.endArray();
    w.key("b\"");
    w.value(true);
    w.key("c");
    w.null();
    w.endObject();
    QCOMPARE(out, std::string("{\"a\":[1,{},{\"r\":2}],\"b\\\"\":true,\"c\":null}"));
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(out)).object();
    QCOMPARE(o.value("a").toArray().at(2).toObject().value("r").toInt(), 2);
    QVERIFY(o.value("b\"").toBool());
}

QTEST_GUILESS_MAIN(TstJsonWriter)
#include "tst_json_writer.moc"

// Tests for PathValues: nested, key-sorted output; first value wins on clashes; and records
// emitted from a cached plan equal a fresh build (same shape, other values; shapes mixed).
#include <QtTest>

#include <string>
#include <vector>

#include "records/path_values.h"

using namespace luacap::engine;

class TstPathValues : public QObject {
    Q_OBJECT
private slots:
    void emitsSortedNested_data();
    void emitsSortedNested();
    void cachedPlanSplicesNewValues();
    void shapesDoNotMix();
    void longPathsAndEmptyRecord();
    void manyShapesRestartTheCache();
};

namespace {
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string emitPairs(PathValues &pv, const Pairs &pairs)
{
    pv.clear();
    for (const auto &[path, value] : pairs)
        pv.put(path, value);
    std::string out = "prefix:";   // emit appends: what was there stays
    pv.appendTo(out);
    return out.substr(7);
}
} // namespace

void TstPathValues::emitsSortedNested_data()
{
    QTest::addColumn<QStringList>("pairs");   // path=value, value written as a JSON string
    QTest::addColumn<QString>("json");
    QTest::newRow("flat sorted") << QStringList{"b=1", "a=2"} << "{\"a\":\"2\",\"b\":\"1\"}";
    QTest::newRow("nested shares object") << QStringList{"x.b=1", "y=2", "x.a=3"} << "{\"x\":{\"a\":\"3\",\"b\":\"1\"},\"y\":\"2\"}";
    QTest::newRow("dot ranks below other chars") << QStringList{"a.b-c=1", "a.b.c=2"} << "{\"a\":{\"b\":{\"c\":\"2\"},\"b-c\":\"1\"}}";
    QTest::newRow("duplicate: first wins") << QStringList{"k=first", "k=second"} << "{\"k\":\"first\"}";
    QTest::newRow("leaf then object: leaf wins") << QStringList{"a=leaf", "a.b=deep"} << "{\"a\":\"leaf\"}";
    QTest::newRow("deep close and reopen") << QStringList{"a.b.c=1", "a.d=2", "e.f=3"} << "{\"a\":{\"b\":{\"c\":\"1\"},\"d\":\"2\"},\"e\":{\"f\":\"3\"}}";
}

void TstPathValues::emitsSortedNested()
{
    QFETCH(QStringList, pairs);
    QFETCH(QString, json);
    Pairs p;
    for (const QString &kv : pairs)
        p.push_back({kv.section('=', 0, 0).toStdString(), kv.section('=', 1).toStdString()});
    PathValues pv;
    QCOMPARE(QString::fromStdString(emitPairs(pv, p)), json);
    QCOMPARE(QString::fromStdString(emitPairs(pv, p)), json);   // second time: from the plan
}

void TstPathValues::cachedPlanSplicesNewValues()
{
    PathValues pv;
    emitPairs(pv, {{"n.b", "x"}, {"n.a", "y"}, {"n.a", "dup"}});
    // Same shape, values of other lengths (including one needing escapes).
    QCOMPARE(emitPairs(pv, {{"n.b", "longer value"}, {"n.a", "q\""}, {"n.a", "dropped"}}),
             std::string("{\"n\":{\"a\":\"q\\\"\",\"b\":\"longer value\"}}"));
    pv.clear();
    pv.put("c", int64_t(-12));
    pv.putArray("a", std::vector<unsigned>{1, 22, 333});
    std::string out;
    pv.appendTo(out);
    QCOMPARE(out, std::string("{\"a\":[1,22,333],\"c\":-12}"));
    pv.clear();
    pv.put("c", int64_t(7));
    pv.putArray("a", std::vector<unsigned>{});
    out.clear();
    pv.appendTo(out);
    QCOMPARE(out, std::string("{\"a\":[],\"c\":7}"));
}

// Paths that concatenate to the same text must still be different shapes.
void TstPathValues::shapesDoNotMix()
{
    PathValues pv;
    QCOMPARE(emitPairs(pv, {{"ab", "1"}, {"c", "2"}}), std::string("{\"ab\":\"1\",\"c\":\"2\"}"));
    QCOMPARE(emitPairs(pv, {{"a", "1"}, {"bc", "2"}}), std::string("{\"a\":\"1\",\"bc\":\"2\"}"));
    QCOMPARE(emitPairs(pv, {{"c", "2"}, {"ab", "1"}}), std::string("{\"ab\":\"1\",\"c\":\"2\"}"));
    QCOMPARE(emitPairs(pv, {{"ab", "1"}, {"c", "2"}}), std::string("{\"ab\":\"1\",\"c\":\"2\"}"));
}

void TstPathValues::longPathsAndEmptyRecord()
{
    PathValues pv;
    const std::string longKey(100, 'k');   // longer than at()'s join buffer
    QCOMPARE(emitPairs(pv, {{"p." + longKey, "v"}, {"p", "w"}}), std::string("{\"p\":\"w\"}"));
    QCOMPARE(emitPairs(pv, {{"p." + longKey, "v"}}), "{\"p\":{\"" + longKey + "\":\"v\"}}");
    QCOMPARE(emitPairs(pv, {}), std::string("{}"));
}

// More shapes than the cache keeps: it starts over, and every record stays right.
void TstPathValues::manyShapesRestartTheCache()
{
    PathValues pv;
    for (size_t i = 0; i <= PathValues::kMaxShapes + 2; ++i) {
        const std::string key = "k" + std::to_string(i);
        QCOMPARE(emitPairs(pv, {{key, "v"}, {"a", "w"}}), "{\"a\":\"w\",\"" + key + "\":\"v\"}");
    }
    QCOMPARE(emitPairs(pv, {{"k0", "x"}}), std::string("{\"k0\":\"x\"}"));
    QCOMPARE(emitPairs(pv, {{"k0", "y"}}), std::string("{\"k0\":\"y\"}"));
}

QTEST_APPLESS_MAIN(TstPathValues)
#include "tst_path_values.moc"

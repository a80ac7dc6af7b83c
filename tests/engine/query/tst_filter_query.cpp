// Tests for the `luacap query` filter language: parsing, errors with positions, the
// parameterised SQL it compiles to, and the rows it selects from a real SQLite file.
#include <QTemporaryDir>
#include <QtTest>

#include "query/filter_parser.h"
#include "query/sql_translator.h"
#include "query/sqlite_reader.h"
#include "records/sqlite_sink.h"

using namespace luacap::engine;

namespace {
struct Compiled {
    bool ok = false;
    SqlFilter filter;
    std::string error;
};

Compiled compile(const QString &expression, SqlDialect dialect = SqlDialect::Sqlite)
{
    Compiled c;
    FilterParser parser;
    auto root = parser.parse(expression.toStdString(), &c.error);
    c.ok = root && SqlTranslator(dialect).translate(*root, c.filter, &c.error);
    return c;
}

QString params(const SqlFilter &f)
{
    QStringList out;
    for (const SqlParam &p : f.params)
        out << (p.isText ? "'" + QString::fromStdString(p.text) + "'" : QString::number(p.number));
    return out.join(",");
}

std::string record(const char *src, int sport, const char *dst, int dport, int64_t first, int packets,
                   const char *protocols, const char *tags)
{
    return std::string("{\"destination\":{\"ip\":\"") + dst + "\",\"port\":" + std::to_string(dport) +
           "},\"firstPacket\":" + std::to_string(first) + ",\"ipProtocol\":" +
           (std::string(protocols).find("udp") != std::string::npos ? "17" : "6") +
           ",\"lastPacket\":" + std::to_string(first + 1000) + ",\"network\":{\"bytes\":" +
           std::to_string(packets * 100) + ",\"packets\":" + std::to_string(packets) + "},\"protocol\":[" +
           protocols + "],\"source\":{\"ip\":\"" + src + "\",\"port\":" + std::to_string(sport) + "},\"tags\":[" +
           tags + "]}";
}
} // namespace

class TstFilterQuery : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void compiles_data();
    void compiles();
    void errors_data();
    void errors();
    void clickHouseInlinesEscapedLiterals();
    void selects_data();
    void selects();
    void limitAndOrder();

private:
    QTemporaryDir dir_;
    QString db_;
};

void TstFilterQuery::initTestCase()
{
    db_ = dir_.filePath("q.db");
    SqliteSink sink;
    QVERIFY2(sink.open(db_.toStdString()), sink.error().c_str());
    // ids 0..5, in firstPacket order
    const std::string rows[] = {
        record("10.0.0.1", 1000, "192.168.1.1", 80, 1700000000000, 12, "\"tcp\",\"http\"", ""),
        record("10.0.0.2", 1001, "192.168.1.1", 443, 1700000001000, 5, "\"tcp\",\"tls\"", "\"bad\""),
        record("10.0.0.1", 1002, "8.8.8.8", 53, 1700000002000, 2, "\"udp\",\"dns\"", ""),
        record("2001:db8::1", 1003, "2001:db8::2", 8080, 1700000003000, 30, "\"tcp\",\"http\"", "\"bad\",\"x\""),
        record("192.168.1.1", 80, "10.0.0.9", 5000, 1700000004000, 1, "\"tcp\"", ""),
        record("10.0.0.3", 1005, "10.0.0.4", 25, 1700000005000, 40, "\"tcp\",\"smtp\"", "\"httpish\""),
    };
    for (const std::string &r : rows)
        QVERIFY(sink.write(r));
    QVERIFY(sink.flush());
}

void TstFilterQuery::compiles_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("params");
    QTest::newRow("ip") << "ip == 10.0.0.1" << "(srcIp = ? OR dstIp = ?)" << "'10.0.0.1','10.0.0.1'";
    QTest::newRow("ip.src quoted") << "ip.src == \"10.0.0.1\"" << "srcIp = ?" << "'10.0.0.1'";
    QTest::newRow("ipv6 canonical") << "ip.dst == 2001:0db8:0:0::2" << "dstIp = ?" << "'2001:db8::2'";
    QTest::newRow("ip not") << "ip != 10.0.0.1" << "NOT (srcIp = ? OR dstIp = ?)" << "'10.0.0.1','10.0.0.1'";
    QTest::newRow("port range") << "port >= 1024" << "(srcPort >= ? OR dstPort >= ?)" << "1024,1024";
    QTest::newRow("protocol") << "protocol == http"
                              << "instr(',' || protocols || ',', ',' || ? || ',') > 0" << "'http'";
    QTest::newRow("tags not") << "tags != bad"
                              << "NOT instr(',' || tags || ',', ',' || ? || ',') > 0" << "'bad'";
    QTest::newRow("ipProtocol name") << "ipProtocol == udp" << "ipProtocol = ?" << "17";
    QTest::newRow("iso time") << "starttime >= \"2023-11-14T22:13:20\"" << "firstPacket >= ?" << "1700000000000";
    QTest::newRow("iso offset") << "stoptime < 2023-11-14T23:13:20+01:00" << "lastPacket < ?" << "1700000000000";
    QTest::newRow("ms time") << "starttime > 1700000000000" << "firstPacket > ?" << "1700000000000";
    QTest::newRow("precedence") << "packets > 10 || bytes < 5 && !port == 80"
                                << "(packets > ? OR (bytes < ? AND NOT ((srcPort = ? OR dstPort = ?))))"
                                << "10,5,80,80";
    QTest::newRow("parentheses") << "(packets > 10 || bytes < 5) && databytes == 0"
                                 << "((packets > ? OR bytes < ?) AND dataBytes = ?)" << "10,5,0";
    QTest::newRow("injection stays a value") << "tags == \"x' OR 1=1 --\""
                                             << "instr(',' || tags || ',', ',' || ? || ',') > 0"
                                             << "'x' OR 1=1 --'";
}

void TstFilterQuery::compiles()
{
    QFETCH(QString, expression);
    QFETCH(QString, where);
    QFETCH(QString, params);
    const Compiled c = compile(expression);
    QVERIFY2(c.ok, c.error.c_str());
    QCOMPARE(QString::fromStdString(c.filter.where), where);
    QCOMPARE(::params(c.filter), params);
}

void TstFilterQuery::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << "   " << "position 4: empty expression";
    QTest::newRow("single =") << "ip = 10.0.0.1" << "position 4: use == to compare";
    QTest::newRow("unknown field") << "ip == 1.2.3.4 && colour == red" << "position 18: unknown field 'colour'";
    QTest::newRow("bad ip") << "ip.src == 10.0.0.300" << "position 11: '10.0.0.300' is not an IP address";
    QTest::newRow("bad port") << "port == 70000" << "position 9: 'port' needs a port number from 0 to 65535";
    QTest::newRow("bad number") << "packets > ten" << "position 11: 'packets' needs a number, not 'ten'";
    QTest::newRow("bad time") << "starttime >= yesterday" << "position 14: 'starttime' needs milliseconds or an ISO time";
    QTest::newRow("missing paren") << "(ip == 1.2.3.4" << "position 15: expected ')'";
    QTest::newRow("dangling and") << "ip == 1.2.3.4 &&" << "position 17: expected a field name at the end";
    QTest::newRow("missing value") << "port ==" << "position 8: expected a value after '=='";
    QTest::newRow("missing op") << "port 80" << "position 6: expected ==, !=, <, <=, > or >= after 'port'";
    QTest::newRow("unterminated") << "tags == \"abc" << "position 9: unterminated string";
    QTest::newRow("stray char") << "port == 80 ; drop" << "position 12: unexpected character ';'";
    QTest::newRow("trailing") << "port == 80 )" << "position 12: unexpected ')'";
    QTest::newRow("ordered list") << "protocol > http" << "'protocol' can only be compared with == or !=";
}

void TstFilterQuery::errors()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    const Compiled c = compile(expression);
    QVERIFY(!c.ok);
    QVERIFY2(QString::fromStdString(c.error).contains(error), c.error.c_str());
}

void TstFilterQuery::clickHouseInlinesEscapedLiterals()
{
    const Compiled c = compile("tags == \"it's \\\\ x\" && protocol == http && port == 53", SqlDialect::ClickHouse);
    QVERIFY2(c.ok, c.error.c_str());
    QCOMPARE(QString::fromStdString(SqlTranslator::inlineClickHouse(c.filter)),
             QString("((position(concat(',', tags, ','), concat(',', 'it\\'s \\\\ x', ',')) > 0 AND "
                     "position(concat(',', protocols, ','), concat(',', 'http', ',')) > 0) AND "
                     "(srcPort = 53 OR dstPort = 53))"));
}

void TstFilterQuery::selects_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QList<int>>("ports");   // source ports of the matches, in time order
    QTest::newRow("ip either side") << "ip == 10.0.0.1" << QList<int>{1000, 1002};
    QTest::newRow("ip.dst") << "ip.dst == 192.168.1.1" << QList<int>{1000, 1001};
    QTest::newRow("ipv6") << "ip.src == 2001:db8:0::1" << QList<int>{1003};
    QTest::newRow("and protocol") << "ip == 10.0.0.1 && protocol == http" << QList<int>{1000};
    QTest::newRow("protocol is whole word") << "protocol == htt" << QList<int>{};
    QTest::newRow("tags whole word") << "tags == http" << QList<int>{};
    QTest::newRow("tags") << "tags == bad" << QList<int>{1001, 1003};
    QTest::newRow("not tags") << "!(tags == bad)" << QList<int>{1000, 1002, 80, 1005};
    QTest::newRow("port") << "port == 80" << QList<int>{1000, 80};
    QTest::newRow("port.dst or") << "port.dst == 53 || port.dst == 25" << QList<int>{1002, 1005};
    QTest::newRow("ipProtocol") << "ipProtocol == udp" << QList<int>{1002};
    QTest::newRow("packets") << "packets > 10 && bytes <= 3000" << QList<int>{1000, 1003};
    QTest::newRow("time range") << "starttime >= \"2023-11-14T22:13:21\" && stoptime < 1700000004500"
                                << QList<int>{1001, 1002, 1003};
    QTest::newRow("nothing") << "ip == 1.1.1.1" << QList<int>{};
}

void TstFilterQuery::selects()
{
    QFETCH(QString, expression);
    QFETCH(QList<int>, ports);
    const Compiled c = compile(expression);
    QVERIFY2(c.ok, c.error.c_str());
    SqliteReader reader;
    std::string error;
    QVERIFY2(reader.open(db_.toStdString(), &error), error.c_str());
    QList<int> got;
    QVERIFY2(reader.select(c.filter, -1, [&](const StoredSession &s) {
        got << s.row.srcPort;
        QVERIFY(s.json.find("\"port\":" + std::to_string(s.row.srcPort) + "}") != std::string::npos);
    }, &error), error.c_str());
    QCOMPARE(got, ports);
}

void TstFilterQuery::limitAndOrder()
{
    SqliteReader reader;
    std::string error;
    QVERIFY(reader.open(db_.toStdString(), &error));
    QList<qint64> times;
    QVERIFY(reader.select(SqlFilter{}, 3, [&](const StoredSession &s) { times << s.row.firstPacket; }, &error));
    QCOMPARE(times, (QList<qint64>{1700000000000, 1700000001000, 1700000002000}));
    SqliteReader missing;
    QVERIFY(!missing.open(dir_.filePath("absent.db").toStdString(), &error));
    QVERIFY2(QString::fromStdString(error).contains("absent.db"), error.c_str());
}

QTEST_GUILESS_MAIN(TstFilterQuery)
#include "tst_filter_query.moc"

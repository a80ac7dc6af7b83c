// Tests for SqliteSink on real database files: columns, batching, appending, and the errors
// a sensor meets (unwritable path, not a database, newer schema, locked, full).
#include <QTemporaryDir>
#include <QtTest>
#include <sqlite3.h>

#include "records/sqlite_sink.h"

using luacap::engine::SqliteSink;
using luacap::engine::SqliteSinkOptions;

namespace {
std::string record(int i, const char *protocols = "\"tcp\",\"http\"")
{
    return "{\"destination\":{\"ip\":\"198.18.0." + std::to_string(i % 250) + "\",\"port\":80},"
           "\"firstPacket\":" + std::to_string(1700000000000 + i) + ",\"ipProtocol\":6,"
           "\"lastPacket\":" + std::to_string(1700000000500 + i) + ","
           "\"network\":{\"bytes\":" + std::to_string(1000 + i) + ",\"community_id\":\"1:abc\",\"packets\":" +
           std::to_string(10 + i) + "},\"node\":\"sensor1\",\"protocol\":[" + protocols + "],"
           "\"source\":{\"ip\":\"10.0.0.1\",\"port\":" + std::to_string(1024 + i) + "},\"tags\":[\"a\",\"b\"],"
           "\"totDataBytes\":" + std::to_string(500 + i) + "}";
}

// Reads one integer with a separate connection, as another process would.
qint64 scalar(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *s = nullptr;
    qint64 value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        value = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return value;
}

QString text(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *s = nullptr;
    QString value;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return value;
}
} // namespace

class TstSqliteSink : public QObject {
    Q_OBJECT
private slots:
    void columnsAndJson();
    void batchesCommitTogether();
    void reopenAppends();
    void openErrors_data();
    void openErrors();
    void lockedDatabase();
    void fullDatabaseKeepsCommitted();

private:
    QTemporaryDir dir_;
};

void TstSqliteSink::columnsAndJson()
{
    const QString path = dir_.filePath("columns.db");
    {
        SqliteSink sink;
        QVERIFY2(sink.open(path.toStdString()), sink.error().c_str());
        QVERIFY(sink.write(record(7)));
        QVERIFY(sink.flush());
    }
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 1);
    QCOMPARE(scalar(path, "SELECT firstPacket FROM sessions"), 1700000000007);
    QCOMPARE(scalar(path, "SELECT lastPacket FROM sessions"), 1700000000507);
    QCOMPARE(scalar(path, "SELECT srcPort FROM sessions"), 1031);
    QCOMPARE(scalar(path, "SELECT dstPort FROM sessions"), 80);
    QCOMPARE(scalar(path, "SELECT packets FROM sessions"), 17);
    QCOMPARE(scalar(path, "SELECT bytes FROM sessions"), 1007);
    QCOMPARE(scalar(path, "SELECT dataBytes FROM sessions"), 507);
    QCOMPARE(scalar(path, "SELECT ipProtocol FROM sessions"), 6);
    QCOMPARE(text(path, "SELECT srcIp FROM sessions"), QString("10.0.0.1"));
    QCOMPARE(text(path, "SELECT dstIp FROM sessions"), QString("198.18.0.7"));
    QCOMPARE(text(path, "SELECT protocols FROM sessions"), QString("tcp,http"));
    QCOMPARE(text(path, "SELECT tags FROM sessions"), QString("a,b"));
    QCOMPARE(text(path, "SELECT node FROM sessions"), QString("sensor1"));
    QCOMPARE(text(path, "SELECT communityId FROM sessions"), QString("1:abc"));
    QCOMPARE(text(path, "SELECT json FROM sessions"), QString::fromStdString(record(7)));
    QCOMPARE(text(path, "PRAGMA journal_mode"), QString("wal"));
    QCOMPARE(scalar(path, "SELECT version FROM schema_version"), SqliteSink::kSchemaVersion);
    QVERIFY(scalar(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions'") >= 5);
}

void TstSqliteSink::batchesCommitTogether()
{
    const QString path = dir_.filePath("batches.db");
    SqliteSinkOptions options;
    options.batchSize = 3;
    SqliteSink sink(options);
    QVERIFY2(sink.open(path.toStdString()), sink.error().c_str());
    for (int i = 0; i < 5; ++i)
        QVERIFY(sink.write(record(i)));
    // Another reader sees only whole batches.
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 3);
    QCOMPARE(sink.committed(), 3u);
    QVERIFY(sink.flush());
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 5);
    QVERIFY(sink.flush());   // nothing open: still fine
}

void TstSqliteSink::reopenAppends()
{
    const QString path = dir_.filePath("append.db");
    for (int run = 0; run < 3; ++run) {
        SqliteSink sink;
        QVERIFY2(sink.open(path.toStdString()), sink.error().c_str());
        QVERIFY(sink.write(record(run)));
        QVERIFY(sink.write(record(run + 10)));
    }   // the destructor commits
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 6);
    QCOMPARE(scalar(path, "SELECT count(*) FROM schema_version"), 1);
}

void TstSqliteSink::openErrors_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing directory") << "missing" << "unable to open database file";
    QTest::newRow("not a database") << "garbage" << "file is not a database";
    QTest::newRow("newer schema") << "version" << "schema version 99, this luacap writes version 1";
    QTest::newRow("directory") << "directory" << "unable to open database file";
}

void TstSqliteSink::openErrors()
{
    QFETCH(QString, setup);
    QFETCH(QString, expected);
    QString path = dir_.filePath("err-" + setup + ".db");
    if (setup == "missing") {
        path = dir_.filePath("no/such/dir/x.db");
    } else if (setup == "garbage") {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    } else if (setup == "version") {
        { SqliteSink first; QVERIFY(first.open(path.toStdString())); }
        sqlite3 *db = nullptr;
        sqlite3_open(path.toUtf8().constData(), &db);
        QCOMPARE(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
    } else if (setup == "directory") {
        QVERIFY(QDir().mkpath(path));
    }
    SqliteSink sink;
    QVERIFY(!sink.open(path.toStdString()));
    const QString error = QString::fromStdString(sink.error());
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.startsWith(path), qPrintable(error));
    QVERIFY(!sink.write(record(1)));
}

void TstSqliteSink::lockedDatabase()
{
    const QString path = dir_.filePath("locked.db");
    SqliteSinkOptions options;
    options.busyTimeoutMs = 50;
    options.batchSize = 2;
    SqliteSink sink(options);
    QVERIFY2(sink.open(path.toStdString()), sink.error().c_str());
    QVERIFY(sink.write(record(1)));
    QVERIFY(sink.write(record(2)));   // committed batch
    sqlite3 *other = nullptr;
    sqlite3_open(path.toUtf8().constData(), &other);
    QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    QVERIFY(!sink.write(record(3)));
    QVERIFY2(QString::fromStdString(sink.error()).contains("locked"), sink.error().c_str());
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 2);
    QVERIFY(sink.write(record(4)));   // usable again once the lock is gone
    QVERIFY(sink.flush());
    QCOMPARE(scalar(path, "SELECT count(*) FROM sessions"), 3);
}

// max_page_count makes SQLite answer SQLITE_FULL exactly as a full disk does.
void TstSqliteSink::fullDatabaseKeepsCommitted()
{
    const QString path = dir_.filePath("full.db");
    SqliteSinkOptions options;
    options.batchSize = 10;
    options.maxPages = 40;
    SqliteSink sink(options);
    QVERIFY2(sink.open(path.toStdString()), sink.error().c_str());
    int written = 0;
    bool ok = true;
    for (; ok && written < 100000; ++written)
        ok = sink.write(record(written));
    QVERIFY(!ok);
    if (ok)
        return;
    QVERIFY2(QString::fromStdString(sink.error()).contains("full"), sink.error().c_str());
    // Either the accepted part of the batch still commits, or flush() reports that it went.
    const bool flushed = sink.flush();
    const qint64 committed = scalar(path, "SELECT count(*) FROM sessions");
    QCOMPARE(quint64(committed), sink.committed());
    QVERIFY(committed > 0);
    if (flushed)
        QCOMPARE(committed, qint64(written - 1));
    else
        QVERIFY2(QString::fromStdString(sink.error()).contains("full"), sink.error().c_str());
    qInfo() << "full after" << written << "writes; committed" << committed << "flushed" << flushed;
    QCOMPARE(text(path, "PRAGMA integrity_check"), QString("ok"));
}

QTEST_GUILESS_MAIN(TstSqliteSink)
#include "tst_sqlite_sink.moc"

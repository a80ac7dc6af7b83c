// Tests for ClickHouseSpool on a real directory: order, the size bound, recovery of batches an
// earlier run left behind, and setting rejected batches aside.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "records/clickhouse_spool.h"

using luacap::engine::ClickHouseSpool;

class TstClickHouseSpool : public QObject {
    Q_OBJECT
private slots:
    void keepsOrderAndSurvivesReopen();
    void boundRefusesBatches();
    void rejectMovesAside();
    void unwritableDirectory();
};

void TstClickHouseSpool::keepsOrderAndSurvivesReopen()
{
    QTemporaryDir dir;
    std::string error;
    {
        ClickHouseSpool spool;
        QVERIFY(spool.open(dir.path(), 1 << 20, &error));
        for (int i = 0; i < 12; ++i)   // 12 > 10: the sequence must sort as numbers
            QVERIFY2(spool.add(QString("run-%1").arg(i), QByteArray("{\"a\":1}\n").repeated(i + 1), i + 1, &error),
                     error.c_str());
        QCOMPARE(spool.records(), 78);
        QCOMPARE(spool.front().batchId, QString("run-0"));
        QCOMPARE(spool.front().failures, 0);
        spool.removeFront();
        QCOMPARE(spool.size(), size_t(11));
    }
    ClickHouseSpool again;
    QVERIFY(again.open(dir.path(), 1 << 20, &error));
    QCOMPARE(again.size(), size_t(11));
    QCOMPARE(again.records(), 77);
    for (int i = 1; i < 12; ++i) {
        QCOMPARE(again.front().batchId, QString("run-%1").arg(i));
        QCOMPARE(again.front().records, i + 1);
        QCOMPARE(again.front().failures, 1);   // may have been sent: check before resending
        again.removeFront();
    }
    QVERIFY(again.empty());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    QVERIFY(again.add("next", "x\n", 1, &error));
    QVERIFY2(QDir(dir.path()).entryList(QDir::Files).first().startsWith("0000000000000012_"),
             qPrintable(QDir(dir.path()).entryList(QDir::Files).first()));
}

void TstClickHouseSpool::boundRefusesBatches()
{
    QTemporaryDir dir;
    std::string error;
    ClickHouseSpool spool;
    QVERIFY(spool.open(dir.path(), 100, &error));
    QVERIFY(spool.add("a", QByteArray(60, 'x'), 1, &error));
    QVERIFY(!spool.add("b", QByteArray(60, 'x'), 1, &error));
    QVERIFY2(QString::fromStdString(error).contains("spool full (60 of 100 bytes)"), error.c_str());
    QVERIFY(spool.add("c", QByteArray(40, 'x'), 1, &error));
    QCOMPARE(spool.bytes(), 100);
}

void TstClickHouseSpool::rejectMovesAside()
{
    QTemporaryDir dir;
    std::string error;
    ClickHouseSpool spool;
    QVERIFY(spool.open(dir.path(), 1000, &error));
    QVERIFY(spool.add("bad", "{}\n", 1, &error));
    spool.rejectFront();
    QVERIFY(spool.empty());
    QCOMPARE(QDir(dir.filePath("rejected")).entryList(QDir::Files).size(), 1);
    ClickHouseSpool again;
    QVERIFY(again.open(dir.path(), 1000, &error));
    QVERIFY(again.empty());   // rejected batches are not resent
}

void TstClickHouseSpool::unwritableDirectory()
{
    QTemporaryDir dir;
    QFile file(dir.filePath("plain"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    std::string error;
    ClickHouseSpool spool;
    QVERIFY(!spool.open(dir.filePath("plain/spool"), 1000, &error));
    QVERIFY2(QString::fromStdString(error).contains("cannot create spool directory"), error.c_str());
    QVERIFY(!spool.add("a", "x\n", 1, &error));
    QVERIFY2(QString::fromStdString(error).contains("cannot write spool file"), error.c_str());
}

QTEST_GUILESS_MAIN(TstClickHouseSpool)
#include "tst_clickhouse_spool.moc"

// Tests of the session table: batched appends at 100,000 rows (timed), the bounded history
// and its dropped count, numeric sorting, and the filter box's `luacap query` expressions
// evaluated in memory, with their error texts.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>

#include "session_filter_proxy.h"
#include "session_table_model.h"
#include "viewer_test_main.h"

using namespace luacap::viewer;

namespace {
// A sessions3-shaped record with what the table shows and the filter reads.
QByteArray record(int n, const QString &src, int srcPort, const QString &dst, int dstPort,
                  const QStringList &protocols, qint64 bytes, const QStringList &tags = {})
{
    QJsonObject r{{"firstPacket", qint64(1700000000000 + n)}, {"lastPacket", qint64(1700000000500 + n)}, {"ipProtocol", 6},
                  {"source", QJsonObject{{"ip", src}, {"port", srcPort}}},
                  {"destination", QJsonObject{{"ip", dst}, {"port", dstPort}}},
                  {"network", QJsonObject{{"packets", n % 50 + 1}, {"bytes", bytes}}},
                  {"protocol", QJsonArray::fromStringList(protocols)}, {"tags", QJsonArray::fromStringList(tags)},
                  {"node", "sensor1"}, {"http", QJsonObject{{"host", QJsonArray{QString("h%1.example").arg(n)}}}}};
    return QJsonDocument(r).toJson(QJsonDocument::Compact);
}

QByteArray simple(int n)
{
    return record(n, QString("10.0.%1.%2").arg(n / 256 % 256).arg(n % 256), 1024 + n % 60000, "198.18.0.1",
                  n % 2 ? 80 : 53, n % 2 ? QStringList{"tcp", "http"} : QStringList{"udp", "dns"}, 100 + n);
}

// A fixed set for the filter rows: 4 sessions with distinct traits.
QList<QByteArray> filterSet()
{
    return {record(1, "10.0.0.1", 40000, "198.18.0.1", 80, {"tcp", "http"}, 5000, {"web"}),
            record(2, "10.0.0.2", 40001, "10.0.0.1", 53, {"udp", "dns"}, 120),
            record(3, "2001:db8:c::1", 40002, "2001:db8:5::1", 443, {"tcp", "tls"}, 9000, {"web", "tls13"}),
            record(4, "10.0.0.3", 25, "198.18.0.9", 2525, {"tcp", "smtp"}, 700)};
}
} // namespace

class TestSessionTableModel : public QObject {
    Q_OBJECT

private slots:
    void hundredThousandRowsInBatches()
    {
        SessionTableModel model(200000);
        model.setChosenFields({"http.host"});
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(SessionTableModel::Bytes, Qt::DescendingOrder);
        QTableView view;   // a real view listening, as in the window
        view.setModel(&proxy);
        view.resize(800, 600);
        view.show();
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<QList<QByteArray>> batches;
        for (int b = 0; b < 100; ++b) {
            QList<QByteArray> batch;
            for (int i = 0; i < 1000; ++i)
                batch.append(simple(b * 1000 + i));
            batches.append(batch);
        }
        QElapsedTimer timer;
        timer.start();
        qint64 worstBatchMs = 0;
        for (const QList<QByteArray> &batch : batches) {
            QElapsedTimer one;
            one.start();
            model.appendRecords(batch);
            QCoreApplication::processEvents();   // the view repaints between batches
            worstBatchMs = std::max(worstBatchMs, one.elapsed());
        }
        const qint64 total = timer.elapsed();
        qInfo("100,000 rows in 100 batches of 1,000 (sorted proxy + view): %lld ms total, worst batch %lld ms",
              total, worstBatchMs);
        QCOMPARE(model.rowCount(), 100000);
        QCOMPARE(proxy.rowCount(), 100000);
        QCOMPARE(inserted.count(), 100);   // one beginInsertRows per batch
        QCOMPARE(proxy.index(0, SessionTableModel::Bytes).data(SessionTableModel::SortRole).toLongLong(), 100 + 99999);
        QCOMPARE(model.index(7, SessionTableModel::FixedColumns).data().toString(), QString("h7.example"));

        // The same batches into a model alone: what parsing the records costs without views.
        SessionTableModel alone(200000);
        alone.setChosenFields({"http.host"});
        timer.restart();
        for (const QList<QByteArray> &batch : batches)
            alone.appendRecords(batch);
        qInfo("the same into the model alone: %lld ms", timer.elapsed());
        QCOMPARE(alone.rowCount(), 100000);

        timer.restart();
        QString error;
        QVERIFY2(proxy.setFilterExpression("protocol == dns && port.src >= 50000", &error), qPrintable(error));
        qInfo("filtering 100,000 rows: %lld ms", timer.elapsed());
        int expected = 0;
        for (int n = 0; n < 100000; ++n)
            expected += (n % 2 == 0 && 1024 + n % 60000 >= 50000);
        QCOMPARE(proxy.rowCount(), expected);
    }

    void boundedHistoryCountsDropped()
    {
        SessionTableModel model(1000);
        QSignalSpy dropped(&model, &SessionTableModel::droppedChanged);
        QList<QByteArray> batch;
        for (int i = 0; i < 700; ++i)
            batch.append(simple(i));
        model.appendRecords(batch);
        QCOMPARE(model.dropped(), 0u);
        model.appendRecords(batch);   // 1400 > 1000: the 400 oldest go
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.dropped(), 400u);
        QCOMPARE(model.record(0).row.firstPacket, 1700000000000 + 400);
        QList<QByteArray> huge;
        for (int i = 0; i < 2500; ++i)
            huge.append(simple(i));
        model.appendRecords(huge);    // bigger than the capacity alone
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.dropped(), 400u + 1000u + 1500u);
        QCOMPARE(model.record(999).row.firstPacket, 1700000000000 + 2499);
        QCOMPARE(dropped.last().first().toULongLong(), 2900u);
        model.clear();
        QCOMPARE(model.dropped(), 0u);
    }

    void notJsonIsSkipped()
    {
        SessionTableModel model;
        model.appendRecords({"not json", simple(1), "[1,2]"});
        QCOMPARE(model.rowCount(), 1);
    }

    void columnsShowTheRecord()
    {
        SessionTableModel model;
        model.setChosenFields({"http.host", "node", "missing.field"});
        model.appendRecords(filterSet());
        QCOMPARE(model.columnCount(), int(SessionTableModel::FixedColumns) + 3);
        QCOMPARE(model.headerData(SessionTableModel::FixedColumns, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QString("http.host"));
        const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, SessionTableModel::Time), QString("2023-11-14 22:13:20.001"));
        QCOMPARE(cell(0, SessionTableModel::Source), QString("10.0.0.1"));
        QCOMPARE(cell(0, SessionTableModel::SourcePort), QString("40000"));
        QCOMPARE(cell(2, SessionTableModel::Destination), QString("2001:db8:5::1"));
        QCOMPARE(cell(0, SessionTableModel::Protocols), QString("tcp, http"));
        QCOMPARE(cell(2, SessionTableModel::Tags), QString("web, tls13"));
        QCOMPARE(cell(3, SessionTableModel::Bytes), QString("700"));
        QCOMPARE(cell(1, SessionTableModel::FixedColumns), QString("h2.example"));
        QCOMPARE(cell(1, SessionTableModel::FixedColumns + 1), QString("sensor1"));
        QCOMPARE(cell(1, SessionTableModel::FixedColumns + 2), QString());
    }

    void sortsNumerically()
    {
        SessionTableModel model;
        model.appendRecords(filterSet());
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(SessionTableModel::Bytes, Qt::AscendingOrder);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order << proxy.index(r, SessionTableModel::Bytes).data().toString();
        // As text "120" < "5000" < "700" < "9000"; as numbers 700 comes before 5000.
        QCOMPARE(order, (QStringList{"120", "700", "5000", "9000"}));
    }

    void filters_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QList<int>>("matches");   // firstPacket offsets of the matching records
        QTest::newRow("empty") << "" << QList<int>{1, 2, 3, 4};
        QTest::newRow("protocol") << "protocol == http" << QList<int>{1};
        QTest::newRow("protocol !=") << "protocol != tcp" << QList<int>{2};
        QTest::newRow("ip either side") << "ip == 10.0.0.1" << QList<int>{1, 2};
        QTest::newRow("ip != neither side") << "ip != 10.0.0.1" << QList<int>{3, 4};
        QTest::newRow("ip.dst") << "ip.dst == 10.0.0.1" << QList<int>{2};
        QTest::newRow("ipv6 uncompressed") << "ip.src == 2001:0db8:000c::0001" << QList<int>{3};
        QTest::newRow("port either") << "port == 25" << QList<int>{4};
        QTest::newRow("port.dst range") << "port.dst > 80 && port.dst < 3000" << QList<int>{3, 4};
        QTest::newRow("and/or/not") << "(protocol == dns || protocol == smtp) && !port == 53" << QList<int>{4};
        QTest::newRow("tags") << "tags == web" << QList<int>{1, 3};
        QTest::newRow("bytes") << "bytes >= 5000" << QList<int>{1, 3};
        QTest::newRow("ipProtocol name") << "ipProtocol == tcp" << QList<int>{1, 2, 3, 4};
        QTest::newRow("starttime iso") << "starttime >= \"2023-11-14T22:13:20.003\"" << QList<int>{3, 4};
        QTest::newRow("starttime ms") << "starttime < 1700000000002" << QList<int>{1};
        QTest::newRow("node") << "node == sensor1" << QList<int>{1, 2, 3, 4};
    }
    void filters()
    {
        QFETCH(QString, expression);
        QFETCH(QList<int>, matches);
        SessionTableModel model;
        model.appendRecords(filterSet());
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        QString error;
        QVERIFY2(proxy.setFilterExpression(expression, &error), qPrintable(error));
        QList<int> got;
        for (int r = 0; r < proxy.rowCount(); ++r)
            got << int(model.record(proxy.mapToSource(proxy.index(r, 0)).row()).row.firstPacket - 1700000000000);
        QCOMPARE(got, matches);
    }

    void invalidFilters_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown field") << "colour == red" << "position 1: unknown field 'colour'";
        QTest::newRow("bad ip") << "ip == 10.0.0.300" << "position 7: '10.0.0.300' is not an IP address";
        QTest::newRow("bad port") << "port == 70000" << "needs a port number from 0 to 65535";
        QTest::newRow("dangling and") << "protocol == http &&" << "position";
        QTest::newRow("list with <") << "protocol < http" << "can only be compared with == or !=";
    }
    void invalidFilters()
    {
        QFETCH(QString, expression);
        QFETCH(QString, error);
        SessionTableModel model;
        model.appendRecords(filterSet());
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        QString message;
        QVERIFY(proxy.setFilterExpression("protocol == http", &message));
        QVERIFY(!proxy.setFilterExpression(expression, &message));
        QVERIFY2(message.contains(error), qPrintable(message));
        QCOMPARE(proxy.rowCount(), 1);   // the previous filter stays
    }
};

LUACAP_VIEWER_TEST_MAIN(TestSessionTableModel)
#include "tst_session_table_model.moc"

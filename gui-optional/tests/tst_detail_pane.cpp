// Tests of the session detail pane: the record tree of a known record, the pcap reader and
// hex/ASCII dump for both byte orders and resolutions, cut files, and "Save as pcap".
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtEndian>

#include "detail_pane.h"
#include "pcap_packets.h"
#include "viewer_test_main.h"

using namespace luacap::viewer;

namespace {
// Shaped like a `luacap replay` record of an HTTP session (trimmed).
const char *const kRecord = R"({"destination":{"bytes":31413,"ip":"198.18.0.1","packets":24,"port":80},
 "firstPacket":1700000000200,"http":{"host":["www.sdwlfns13.example"],"method":["GET"],"statuscode":[200],
 "path":["/piitxxldc/kkorqnhnais.html","/rthfg/icq.html"]},"ipProtocol":6,"lastPacket":1700000001453,
 "network":{"bytes":32740,"community_id":"1:+5qM0BJr6Fk/sYHUAk8u80GiuQU=","packets":41},
 "packetRange":{"gte":1700000000200,"lte":1700000001453},"protocol":["tcp","http"],
 "source":{"bytes":1327,"ip":"10.0.0.1","packets":17,"port":2492},"cert":[{"issuerCN":["ca"],"serial":"01"}]})";

QTreeWidgetItem *child(QTreeWidgetItem *parent, const QString &name)
{
    for (int i = 0; i < parent->childCount(); ++i) {
        if (parent->child(i)->text(0) == name)
            return parent->child(i);
    }
    return nullptr;
}

void put32(QByteArray &out, quint32 v, bool big)
{
    char b[4];
    big ? qToBigEndian(v, b) : qToLittleEndian(v, b);
    out.append(b, 4);
}

// A pcap of two packets written in the given byte order and resolution.
QByteArray pcapFile(bool big, bool nano)
{
    QByteArray out;
    put32(out, nano ? 0xa1b23c4d : 0xa1b2c3d4, big);
    put32(out, 0x00040002, big);   // version 2.4 as one word; readers ignore it
    put32(out, 0, big);
    put32(out, 0, big);
    put32(out, 65535, big);
    put32(out, 1, big);
    const QByteArray first = QByteArray::fromHex("450000280001000040060000") + "GET / HTTP/1.1\r\n";
    const QByteArray second("\x00\x01\x7f\x80", 4);
    const QList<QByteArray> packets{first, second};
    for (int i = 0; i < 2; ++i) {
        put32(out, 1700000000 + i, big);
        put32(out, nano ? 5000000 : 5000, big);   // 5 ms either way
        put32(out, quint32(packets[i].size()), big);
        put32(out, quint32(packets[i].size()) + (i ? 100 : 0), big);
        out += packets[i];
    }
    return out;
}
} // namespace

class TestDetailPane : public QObject {
    Q_OBJECT

private slots:
    void recordTree()
    {
        DetailPane pane;
        const QJsonObject record = QJsonDocument::fromJson(kRecord).object();
        QVERIFY(!record.isEmpty());
        pane.showRecord(record);
        QTreeWidgetItem *root = pane.tree()->invisibleRootItem();
        QCOMPARE(root->childCount(), record.size());
        QCOMPARE(child(child(root, "source"), "ip")->text(1), QString("10.0.0.1"));
        QCOMPARE(child(child(root, "source"), "port")->text(1), QString("2492"));
        QCOMPARE(child(root, "protocol")->text(1), QString("tcp, http"));
        QCOMPARE(child(root, "protocol")->childCount(), 0);
        QCOMPARE(child(child(root, "http"), "statuscode")->text(1), QString("200"));
        QCOMPARE(child(child(root, "http"), "path")->text(1), QString("/piitxxldc/kkorqnhnais.html, /rthfg/icq.html"));
        QCOMPARE(child(child(root, "packetRange"), "lte")->text(1), QString("1700000001453"));
        // Lists of objects are numbered branches.
        QTreeWidgetItem *cert = child(child(root, "cert"), "0");
        QVERIFY(cert);
        QCOMPARE(child(cert, "serial")->text(1), QString("01"));
        QCOMPARE(child(cert, "issuerCN")->text(1), QString("ca"));
        QVERIFY(child(root, "source")->isExpanded());
        QCOMPARE(sessionIdOf(record), QString("1:+5qM0BJr6Fk/sYHUAk8u80GiuQU="));
        QCOMPARE(sessionIdOf(QJsonObject{{"id", "abc"}}), QString("abc"));
    }

    void hexDumpLayout()
    {
        const QString dump = hexDump(QByteArray("GET / HTTP/1.1\r\nHost: x\r\n"));
        const QStringList lines = dump.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QString("0000  47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31 0d 0a  GET / HTTP/1.1.."));
        QCOMPARE(lines[1], QString("0010  48 6f 73 74 3a 20 78 0d 0a") + QString(7 * 3, ' ') + "  Host: x..");
        QCOMPARE(hexDump({}), QString());
    }

    void packets_data()
    {
        QTest::addColumn<bool>("big");
        QTest::addColumn<bool>("nano");
        QTest::newRow("little-endian usec") << false << false;
        QTest::newRow("big-endian usec") << true << false;
        QTest::newRow("little-endian nsec") << false << true;
        QTest::newRow("big-endian nsec") << true << true;
    }
    void packets()
    {
        QFETCH(bool, big);
        QFETCH(bool, nano);
        const QByteArray file = pcapFile(big, nano);
        PcapPackets parsed;
        QString error;
        QVERIFY2(parsed.parse(file, &error), qPrintable(error));
        QCOMPARE(parsed.linkType, 1u);
        QCOMPARE(parsed.nanosecond, nano);
        QCOMPARE(parsed.packets.size(), 2);
        QCOMPARE(parsed.packets[1].data, QByteArray("\x00\x01\x7f\x80", 4));
        QCOMPARE(parsed.packets[1].originalLength, 104u);

        DetailPane pane;
        pane.showRecord(QJsonDocument::fromJson(kRecord).object());
        pane.showPackets(file);
        const QString text = pane.packetText();
        QVERIFY2(text.contains("Packet 1  2023-11-14 22:13:20.005  28 of 28 bytes"), qPrintable(text));
        QVERIFY2(text.contains("Packet 2  2023-11-14 22:13:21.005  4 of 104 bytes"), qPrintable(text));
        QVERIFY(text.contains("0000  45 00 00 28"));
        QVERIFY(text.contains("E..(....@...GET "));
        QTemporaryDir dir;
        const QString path = dir.filePath("s.pcap");
        QVERIFY2(pane.saveAs(path, &error), qPrintable(error));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), file);
    }

    void badFiles_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QByteArray() << "not a pcap file (0 bytes)";
        QTest::newRow("pcapng") << QByteArray("\x0a\x0d\x0d\x0a", 4) + QByteArray(40, '\0') << "not a classic pcap file (magic 0x0a0d0d0a)";
        QTest::newRow("cut header") << pcapFile(false, false).left(24 + 10) << "cut inside a packet header at byte 24";
        QTest::newRow("404 text") << QByteArray("session not found: packets are not stored here") << "not a classic pcap";
    }
    void badFiles()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, error);
        PcapPackets parsed;
        QString message;
        QVERIFY(!parsed.parse(file, &message));
        QVERIFY2(message.contains(error), qPrintable(message));
        DetailPane pane;
        pane.showPackets(file);
        QVERIFY(pane.packetText().isEmpty());
    }
};

LUACAP_VIEWER_TEST_MAIN(TestDetailPane)
#include "tst_detail_pane.moc"

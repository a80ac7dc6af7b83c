// Packet storage end to end: `luacap capture -r` a generated pcap with pcapDir and a tiny
// maxFileSizeG (so files rotate), then `luacap packets` must give back, byte for byte, the
// input's packets of each flow. Also: freeSpaceG deletes the oldest files, a full write
// queue drops (counted) without leaving positions that point at unwritten bytes, and clear
// errors for unknown sessions and missing or truncated files.
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>
#include <QUrl>
#include <algorithm>
#include <unistd.h>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
// One pcap record: its 16-byte header and data as written, and the flow it belongs to.
struct Rec {
    QByteArray bytes;
    QString flow;
};

uint32_t le32(const QByteArray &b, qsizetype at)
{
    const auto *p = reinterpret_cast<const uint8_t *>(b.constData() + at);
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

uint16_t be16(const QByteArray &b, qsizetype at)
{
    return uint16_t(uint8_t(b[at]) << 8 | uint8_t(b[at + 1]));
}

QString endpoint(const QHostAddress &ip, uint16_t port)
{
    return ip.toString() + "/" + QString::number(port);
}

// "proto a b" with the endpoints sorted, so both directions give the same key.
QString flowKey(int proto, const QString &a, const QString &b)
{
    return QString::number(proto) + " " + std::min(a, b) + " " + std::max(a, b);
}

// The flow of an Ethernet frame (optionally VLAN-tagged) over IPv4 or IPv6, as pcapgen writes them.
QString frameFlow(const QByteArray &f)
{
    qsizetype at = 12;
    uint16_t type = be16(f, at);
    if (type == 0x8100)
        at += 4, type = be16(f, at);
    at += 2;
    int proto = 0;
    QHostAddress src, dst;
    if (type == 0x0800) {
        proto = uint8_t(f[at + 9]);
        src = QHostAddress(uint32_t(be16(f, at + 12)) << 16 | be16(f, at + 14));
        dst = QHostAddress(uint32_t(be16(f, at + 16)) << 16 | be16(f, at + 18));
        at += (uint8_t(f[at]) & 0x0f) * 4;
    } else if (type == 0x86dd) {
        proto = uint8_t(f[at + 6]);
        src = QHostAddress(reinterpret_cast<const quint8 *>(f.constData() + at + 8));
        dst = QHostAddress(reinterpret_cast<const quint8 *>(f.constData() + at + 24));
        at += 40;
    } else {
        return "other";
    }
    const bool ports = proto == 6 || proto == 17;
    return flowKey(proto, endpoint(src, ports ? be16(f, at) : 0), endpoint(dst, ports ? be16(f, at + 2) : 0));
}

// Every record of a pcap file; fails (empty, *ok false) unless the records end exactly at the end.
QList<Rec> readPcap(const QString &path, bool *ok)
{
    QFile file(path);
    *ok = file.open(QIODevice::ReadOnly);
    const QByteArray b = file.readAll();
    QList<Rec> out;
    qsizetype at = 24;
    *ok = *ok && b.size() >= 24 && le32(b, 0) == 0xa1b2c3d4;
    while (*ok && at + 16 <= b.size()) {
        const qsizetype len = 16 + le32(b, at + 8);
        if (at + len > b.size())
            break;
        out.append({b.mid(at, len), frameFlow(b.mid(at + 16, len - 16))});
        at += len;
    }
    *ok = *ok && at == b.size();
    return out;
}

QString recordFlow(const QJsonObject &r)
{
    const int proto = int(r.value("ipProtocol").toInteger());
    const auto side = [&r](const char *ip, const char *port) {
        return endpoint(QHostAddress(valueAt(r, ip).toString()), uint16_t(valueAt(r, port).toInteger()));
    };
    return flowKey(proto, side("source.ip", "source.port"), side("destination.ip", "destination.port"));
}

QString communityId(const QJsonObject &r)
{
    return valueAt(r, "network.community_id").toString();
}

QList<QByteArray> bytesOf(const QList<Rec> &recs)
{
    QList<QByteArray> out;
    for (const Rec &r : recs)
        out.append(r.bytes);
    return out;
}

int storedPositions(const QJsonObject &r)
{
    int n = 0;
    for (const QJsonValue &v : r.value("packetPos").toArray())
        n += v.toInteger() >= 0 ? 1 : 0;
    return n;
}

// Input order, stably sorted by packet time, as `luacap packets` writes them.
QList<QByteArray> timeOrdered(QList<QByteArray> list)
{
    const auto usec = [](const QByteArray &r) { return qint64(le32(r, 0)) * 1000000 + le32(r, 4); };
    std::stable_sort(list.begin(), list.end(), [&](const QByteArray &a, const QByteArray &b) { return usec(a) < usec(b); });
    return list;
}

// A record with a packet in file 1 past byte 1000 (so cutting file 1 there loses it).
QJsonObject recordInFirstFile(const QList<QJsonObject> &recs)
{
    for (const QJsonObject &r : recs) {
        int64_t file = 0;
        for (const QJsonValue &v : r.value("packetPos").toArray()) {
            file = v.toInteger() < 0 ? -v.toInteger() : file;
            if (file == 1 && v.toInteger() > 1000)
                return r;
        }
    }
    return {};
}

// A GET on the daemon's live API: the body of a 200 answer, else empty.
QByteArray httpGet(quint16 port, const QByteArray &target)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    s.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    // Reads until the body announced by Content-Length is in (the server may keep the socket).
    QByteArray reply;
    qsizetype body = -1, length = -1;
    while ((length < 0 || reply.size() < body + 4 + length) && s.waitForReadyRead(5000)) {
        reply += s.readAll();
        body = reply.indexOf("\r\n\r\n");
        const QRegularExpressionMatch m = QRegularExpression("(?i)content-length: *(\\d+)").match(reply.left(body));
        length = body > 0 && m.hasMatch() ? m.captured(1).toLongLong() : -1;
    }
    return reply.startsWith("HTTP/1.1 200") && body > 0 ? reply.mid(body + 4, length) : QByteArray();
}

uint64_t statValue(const QByteArray &err, const QString &name)
{
    const QRegularExpressionMatch m = QRegularExpression("pcap: .*\\b" + name + "=(\\d+)").match(QString::fromUtf8(err));
    return m.hasMatch() ? m.captured(1).toULongLong() : ~0ull;
}
} // namespace

class TestPcapStore : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString input_;
    QList<Rec> inputRecs_;

    QString path(const QString &name) const { return dir_.filePath(name); }

    // capture -r the input into pcapDir DIR, records as JSON lines in DIR.jsonl (or SQLite).
    RunResult capture(const QString &name, const QStringList &extra, const QString &sink = "json",
                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        // freeSpaceG=0 first (a test's own comes later and wins): a nearly full disk must not
        // make the default 5% delete files under the other tests.
        QStringList args{"capture", "-r", input_, "--no-api", "--pcap-dir", path(name), "--option", "freeSpaceG=0"};
        args += sink == "json" ? QStringList{"--output", path(name + ".jsonl")} : QStringList{"--sink", "sqlite:" + path(name + ".sqlite")};
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LUACAP_BINARY), args + extra);
        p.waitForFinished(300000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError(), p.exitStatus() != QProcess::NormalExit};
    }

    QList<QJsonObject> records(const QString &name)
    {
        QFile f(path(name + ".jsonl"));
        return f.open(QIODevice::ReadOnly) ? parseRecords(f.readAll()) : QList<QJsonObject>{};
    }

    RunResult packets(const QString &name, const QStringList &select, const QString &out, const QString &source = "records")
    {
        const QString store = source == "records" ? path(name + ".jsonl") : path(name + ".sqlite");
        return runLuacap(QStringList{"packets", "--pcap-dir", path(name), "--" + source, store, "-w", path(out)} + select);
    }

    QList<Rec> inputOf(const QString &flow) const
    {
        QList<Rec> out;
        for (const Rec &r : inputRecs_)
            if (r.flow == flow)
                out.append(r);
        return out;
    }

    static QList<QByteArray> sorted(QList<QByteArray> list)
    {
        std::sort(list.begin(), list.end());
        return list;
    }

private slots:
    void initTestCase();
    void rotatesAndReadsBack_data();
    void rotatesAndReadsBack();
    void freeSpaceDeletesOldest_data();
    void freeSpaceDeletesOldest();
    void fullWriteQueueDrops();
    void errors_data();
    void errors();
    void liveCaptureServesPackets();
};

void TestPcapStore::initTestCase()
{
    QVERIFY(dir_.isValid());
    input_ = path("in.pcap");
    const RunResult g = runPcapgen({"-o", input_, "--flows", "300", "--seed", "7", "--vlan", "10"});
    QVERIFY2(g.exitCode == 0, g.err.constData());
    bool ok = false;
    inputRecs_ = readPcap(input_, &ok);
    QVERIFY(ok);
    QVERIFY(inputRecs_.size() > 3000);
}

void TestPcapStore::rotatesAndReadsBack_data()
{
    QTest::addColumn<QString>("threads");
    QTest::addColumn<QString>("sink");
    QTest::newRow("1 thread, json lines") << "1" << "records";
    QTest::newRow("3 threads, sqlite") << "3" << "db";
}

void TestPcapStore::rotatesAndReadsBack()
{
    QFETCH(QString, threads);
    QFETCH(QString, sink);
    const QString name = "rot" + threads;
    const RunResult c = capture(name, {"-t", threads, "--option", "maxFileSizeG=0.0004"}, sink == "db" ? "sqlite" : "json");
    QVERIFY2(c.exitCode == 0, c.err.constData());
    QCOMPARE(statValue(c.err, "pcapWriteDrops"), 0ull);
    QCOMPARE(statValue(c.err, "packets"), uint64_t(inputRecs_.size()));
    // Every file is a whole pcap, at most 0.0004 GiB unless it holds a single packet, and indexed.
    const QStringList files = QDir(path(name)).entryList({"luacap-*.pcap"}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 5, qPrintable(files.join(' ')));
    QList<QByteArray> stored;
    for (const QString &f : files) {
        bool ok = false;
        const QList<Rec> recs = readPcap(path(name) + "/" + f, &ok);
        QVERIFY2(ok, qPrintable(f));
        QVERIFY(QFileInfo(path(name) + "/" + f).size() <= qint64(0.0004 * (1 << 30)) || recs.size() == 1);
        stored += bytesOf(recs);
    }
    QCOMPARE(sorted(stored), sorted(bytesOf(inputRecs_)));
    QFile index(path(name) + "/luacap-files.json");
    QVERIFY(index.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(index.readAll()).object().value("files").toArray().size(), files.size());
    // Every session's packets back, byte for byte as in the input (the JSON lines list the records).
    if (sink == "db") {
        const RunResult all = packets(name, {"--filter", "packets > 0"}, name + "-all.pcap", sink);
        QVERIFY2(all.exitCode == 0, all.err.constData());
        bool ok = false;
        QCOMPARE(sorted(bytesOf(readPcap(path(name + "-all.pcap"), &ok))), sorted(bytesOf(inputRecs_)));
        QVERIFY(ok);
        return;
    }
    const QList<QJsonObject> recs = records(name);
    QCOMPARE(recs.size(), 300);
    int spanning = 0;
    for (qsizetype i = 0; i < recs.size(); i += 23) {
        const QJsonObject &r = recs[i];
        spanning += r.value("fileId").toArray().size() > 1 ? 1 : 0;
        const RunResult p = packets(name, {"--session", communityId(r)}, name + "-s.pcap", sink);
        QVERIFY2(p.exitCode == 0, p.err.constData());
        bool ok = false;
        QCOMPARE(bytesOf(readPcap(path(name + "-s.pcap"), &ok)), timeOrdered(bytesOf(inputOf(recordFlow(r)))));
        QVERIFY(ok);
    }
    QVERIFY(spanning > 0);   // some sampled sessions have packets in two files
}

void TestPcapStore::freeSpaceDeletesOldest_data()
{
    QTest::addColumn<QString>("limit");
    QTest::newRow("percentage") << "100%";
    QTest::newRow("GiB") << "1000000";
}

// A limit no disk meets: every file but the one being written goes, oldest first.
void TestPcapStore::freeSpaceDeletesOldest()
{
    QFETCH(QString, limit);
    const QString name = limit.endsWith('%') ? "free-pct" : "free-gib";
    const RunResult c = capture(name, {"--option", "maxFileSizeG=0.0004", "--option", "freeSpaceG=" + limit});
    QVERIFY2(c.exitCode == 0, c.err.constData());
    const uint64_t opened = statValue(c.err, "files");
    QVERIFY(opened >= 5);
    QCOMPARE(statValue(c.err, "deleted"), opened - 1);
    const QStringList left = QDir(path(name)).entryList({"luacap-*.pcap"}, QDir::Files);
    QCOMPARE(left.size(), 1);
    QFile index(path(name) + "/luacap-files.json");
    QVERIFY(index.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(index.readAll()).object().value("files").toArray();
    QCOMPARE(uint64_t(entries.size()), opened);
    for (qsizetype i = 0; i < entries.size(); ++i)
        QCOMPARE(entries[i].toObject().value("deleted").toBool(), i + 1 < entries.size());
    QCOMPARE(entries.last().toObject().value("file").toString(), left.first());
    // A session with packets in the first file: gone, and said so.
    const QList<QJsonObject> recs = records(name);
    const RunResult gone = packets(name, {"--session", communityId(recordInFirstFile(recs))}, name + ".pcap");
    QCOMPARE(gone.exitCode, 1);
    QVERIFY2(gone.err.contains("was deleted to keep freeSpaceG free"), gone.err.constData());
    // The file being written survives whole: the input's last packets, in order.
    bool ok = false;
    const QList<QByteArray> kept = bytesOf(readPcap(path(name) + "/" + left.first(), &ok));
    QVERIFY(ok && !kept.isEmpty());
    QCOMPARE(kept, bytesOf(inputRecs_).mid(inputRecs_.size() - kept.size()));
}

// A slow disk and a two-block queue: packets that find no free block are dropped and counted,
// and every position the records hold still reads back as that flow's packet.
void TestPcapStore::fullWriteQueueDrops()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LUACAP_TEST_PCAP_WRITE_DELAY_MS", "20");
    const RunResult c = capture("drops", {"--option", "pcapWriteSize=4096", "--option", "pcapWriteQueue=2"}, "json", env);
    QVERIFY2(c.exitCode == 0, c.err.constData());
    const uint64_t drops = statValue(c.err, "pcapWriteDrops"), stored = statValue(c.err, "packets");
    QVERIFY2(drops > 0 && drops != ~0ull, c.err.constData());
    QCOMPARE(stored + drops, uint64_t(inputRecs_.size()));
    const QList<QJsonObject> recs = records("drops");
    int positions = 0;
    for (const QJsonObject &r : recs)
        positions += storedPositions(r);
    QCOMPARE(uint64_t(positions), stored);   // maxPackets is far above these flows' sizes
    const RunResult all = packets("drops", {"--filter", "packets > 0"}, "drops-all.pcap");
    QVERIFY2(all.exitCode == 0, all.err.constData());
    bool ok = false;
    const QList<Rec> back = readPcap(path("drops-all.pcap"), &ok);
    QVERIFY(ok);
    QCOMPARE(back.size(), positions);
    // Each packet read back is one of the input's, and each session's are of its own flow.
    QList<QByteArray> input = sorted(bytesOf(inputRecs_));
    for (const Rec &r : back)
        QVERIFY(std::binary_search(input.begin(), input.end(), r.bytes));
    for (qsizetype i = 0; i < recs.size(); i += 37) {
        if (storedPositions(recs[i]) == 0)
            continue;
        const RunResult p = packets("drops", {"--session", communityId(recs[i])}, "drops-s.pcap");
        QVERIFY2(p.exitCode == 0, p.err.constData());
        for (const Rec &r : readPcap(path("drops-s.pcap"), &ok))
            QCOMPARE(r.flow, recordFlow(recs[i]));
    }
}

void TestPcapStore::errors_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown session") << "" << "unknown session 1:nope";
    QTest::newRow("missing file") << "remove" << "is missing or unreadable";
    QTest::newRow("truncated file") << "truncate" << "is truncated";
    QTest::newRow("no pcapDir") << "index" << "holds no luacap-files.json (not a luacap pcapDir)";
}

void TestPcapStore::errors()
{
    QFETCH(QString, damage);
    QFETCH(QString, message);
    const QString name = "err-" + damage;
    const RunResult c = capture(name, {"--option", "maxFileSizeG=0.0004"});
    QVERIFY2(c.exitCode == 0, c.err.constData());
    const QJsonObject first = recordInFirstFile(records(name));
    QVERIFY(!first.isEmpty());
    const QString file = path(name) + "/" + QDir(path(name)).entryList({"luacap-*.pcap"}, QDir::Files, QDir::Name).first();
    if (damage == "remove")
        QVERIFY(QFile::remove(file));
    else if (damage == "truncate")
        QVERIFY(QFile::resize(file, 1000));
    else if (damage == "index")
        QVERIFY(QFile::remove(path(name) + "/luacap-files.json"));
    const QString id = damage.isEmpty() ? "1:nope" : communityId(first);
    const RunResult p = packets(name, {"--session", id}, name + ".pcap");
    QCOMPARE(p.exitCode, 1);
    QVERIFY2(p.err.contains(message.toUtf8()), p.err.constData());
    QVERIFY(!p.crashed);
}

// Live on the loopback interface: a UDP flow's saved record points into pcapDir, and the live
// API's packets endpoint and `luacap packets` give the same pcap of its five datagrams.
void TestPcapStore::liveCaptureServesPackets()
{
    if (geteuid() != 0)
        QSKIP("capturing on the loopback interface needs root");
    const QString name = "live";
    QProcess capture;
    capture.start(LUACAP_BINARY, {"capture", "-i", "lo", "--bpf", "udp port 19871", "--no-parsers", "--api", "127.0.0.1:0",
                                  "--pcap-dir", path(name), "--option", "udpTimeout=1", "--output", path(name + ".jsonl")});
    QVERIFY(capture.waitForStarted(10000));
    capture.setReadChannel(QProcess::StandardError);
    QByteArray seen;
    QVERIFY2(waitForStderr(capture, "capturing", seen, 30000), seen.constData());
    const quint16 port = quint16(QRegularExpression("live API on http://127\\.0\\.0\\.1:(\\d+)").match(seen).captured(1).toUInt());
    QVERIFY2(port > 0, seen.constData());
    QUdpSocket socket;
    for (int i = 0; i < 5; ++i)
        socket.writeDatagram("datagram " + QByteArray::number(i), QHostAddress::LocalHost, 19871);
    QJsonObject record;
    QTRY_VERIFY_WITH_TIMEOUT(!(record = QJsonDocument::fromJson(httpGet(port, "/api/v1/records")).object()
                                            .value("records").toArray().first().toObject()).isEmpty(), 20000);
    const QByteArray id = QUrl::toPercentEncoding(communityId(record));
    QCOMPARE(record.value("fileId").toArray(), QJsonArray{1});
    const QByteArray fromApi = httpGet(port, "/api/v1/packets?session=" + id);
    capture.terminate();
    QVERIFY(capture.waitForFinished(30000));
    QCOMPARE(capture.exitCode(), 0);
    QFile apiFile(path("live-api.pcap"));
    QVERIFY(apiFile.open(QIODevice::WriteOnly) && apiFile.write(fromApi) == fromApi.size());
    apiFile.close();
    bool ok = false;
    const QList<Rec> recs = readPcap(apiFile.fileName(), &ok);
    QVERIFY(ok);
    QCOMPARE(recs.size(), 5);
    for (int i = 0; i < 5; ++i)
        QVERIFY(recs[i].bytes.endsWith("datagram " + QByteArray::number(i)));
    const RunResult cli = packets(name, {"--session", communityId(record)}, "live-cli.pcap");
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QFile cliFile(path("live-cli.pcap"));
    QVERIFY(cliFile.open(QIODevice::ReadOnly));
    QCOMPARE(cliFile.readAll(), fromApi);
}

QTEST_GUILESS_MAIN(TestPcapStore)
#include "tst_pcap_store.moc"

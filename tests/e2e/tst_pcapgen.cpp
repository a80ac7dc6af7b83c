// End-to-end tests of luacap-pcapgen, the workload generator other e2e tests and the
// benchmarks rely on: determinism, a well-formed pcap, valid checksums, and a --summary that
// agrees with the packets actually in the file (recomputed here independently).
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out, err;
};

Run runPcapgen(const QStringList &args) {
    QProcess p;
    p.start(QStringLiteral(LUACAP_PCAPGEN), args);
    Run r;
    if (!p.waitForFinished(120000)) return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

uint32_t le32(const uchar *p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }
uint32_t be16(const uchar *p) { return uint32_t(p[0]) << 8 | p[1]; }

uint32_t onesSum(const uchar *p, int n, uint32_t acc = 0) {
    for (; n >= 2; p += 2, n -= 2) acc += be16(p);
    if (n) acc += uint32_t(p[0]) << 8;
    return acc;
}
bool checksumOk(uint32_t acc) {
    while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
    return acc == 0xffff;
}

// RFC 5952 text of an address, written independently of the generator's formatter.
QString ipText(const uchar *a, bool v6) {
    if (!v6) return QStringLiteral("%1.%2.%3.%4").arg(a[0]).arg(a[1]).arg(a[2]).arg(a[3]);
    int best = -1, bestLen = 1;
    for (int i = 0; i < 8; ++i) {
        int j = i;
        while (j < 8 && be16(a + 2 * j) == 0) ++j;
        if (j - i > bestLen) best = i, bestLen = j - i;
    }
    QString s;
    for (int i = 0; i < 8; ++i) {
        if (i == best) {
            s += QStringLiteral("::");
            i += bestLen - 1;
            continue;
        }
        if (!s.isEmpty() && !s.endsWith(':')) s += ':';
        s += QString::number(be16(a + 2 * i), 16);
    }
    return s;
}

struct Direction {
    qint64 packets = 0, bytes = 0, data = 0;
};

// What the file says about one flow, keyed by "srcip|srcport|dstip|dstport" of its first packet.
struct FlowSeen {
    Direction dir[2];
    qint64 firstUsec = 0, lastUsec = 0;
    int syn = 0, synAck = 0, ack = 0, psh = 0, fin = 0, rst = 0;
    int proto = 0;
};

struct Endpoints {
    QString src, dst;
};

// Parsed frame: the two endpoint texts and the transport facts the tests check.
struct Frame {
    Endpoints ends;
    int proto = 0, l4Len = 0, tcpFlags = 0;
    bool checksumsOk = true;
    int payload = 0;
};

// Decodes Ethernet [802.1Q] IPv4/IPv6 TCP/UDP; returns false for anything else.
bool decodeFrame(const uchar *p, int len, Frame &f) {
    int off = 12;
    uint32_t type = be16(p + off);
    if (type == 0x8100) off += 4, type = be16(p + off);
    off += 2;
    const bool v6 = type == 0x86dd;
    if (type != 0x0800 && !v6) return false;
    const uchar *ip = p + off;
    const int ipHdr = v6 ? 40 : (ip[0] & 15) * 4;
    const int ipTotal = v6 ? 40 + int(be16(ip + 4)) : int(be16(ip + 2));
    if (off + ipTotal != len) return false;
    f.proto = v6 ? ip[6] : ip[9];
    const int addrLen = v6 ? 16 : 4;
    const uchar *src = ip + (v6 ? 8 : 12), *dst = src + addrLen;
    const uchar *l4 = ip + ipHdr;
    f.l4Len = ipTotal - ipHdr;
    f.ends.src = ipText(src, v6) + '|' + QString::number(be16(l4));
    f.ends.dst = ipText(dst, v6) + '|' + QString::number(be16(l4 + 2));
    uint32_t pseudo = onesSum(src, addrLen, onesSum(dst, addrLen)) + uint32_t(f.proto) + uint32_t(f.l4Len);
    f.checksumsOk = checksumOk(onesSum(l4, f.l4Len, pseudo)) && (v6 || checksumOk(onesSum(ip, ipHdr)));
    if (f.proto == 6) {
        f.tcpFlags = l4[13];
        f.payload = f.l4Len - (l4[12] >> 4) * 4;
    } else if (f.proto == 17) {
        f.payload = int(be16(l4 + 4)) - 8;
        if (int(be16(l4 + 4)) != f.l4Len) return false;
    } else {
        return false;
    }
    return true;
}

struct Capture {
    uint32_t snaplen = 0, linktype = 0;
    qint64 records = 0;
    bool timeOrdered = true, decodedAll = true, checksumsOk = true;
    qint64 leftoverBytes = 0;   // bytes after the last whole record
    QHash<QString, FlowSeen> flows;
    QHash<QString, QString> reverse;   // "dst|src" -> key of the flow
};

void account(Capture &c, const Frame &f, qint64 usec, int wireLen) {
    QString key = f.ends.src + '|' + f.ends.dst;
    int d = 0;
    if (!c.flows.contains(key)) {
        auto it = c.reverse.constFind(key);
        if (it != c.reverse.constEnd()) {
            key = *it;
            d = 1;
        } else {
            c.reverse.insert(f.ends.dst + '|' + f.ends.src, key);
            c.flows[key].firstUsec = usec;
            c.flows[key].proto = f.proto;
        }
    }
    FlowSeen &s = c.flows[key];
    s.dir[d].packets++;
    s.dir[d].bytes += wireLen;
    s.dir[d].data += f.payload;
    s.lastUsec = usec;
    const int fl = f.tcpFlags;
    if (fl & 0x02) ((fl & 0x10) ? s.synAck : s.syn)++;
    if ((fl & 0x1f) == 0x10) s.ack++;
    s.psh += (fl & 0x08) != 0;
    s.fin += (fl & 0x01) != 0;
    s.rst += (fl & 0x04) != 0;
}

Capture parseCapture(const QByteArray &file) {
    Capture c;
    const uchar *p = reinterpret_cast<const uchar *>(file.constData());
    if (file.size() < 24 || le32(p) != 0xa1b2c3d4) return c;
    c.snaplen = le32(p + 16);
    c.linktype = le32(p + 20);
    qint64 off = 24, prev = 0;
    while (off + 16 <= file.size()) {
        const uchar *h = p + off;
        const qint64 usec = qint64(le32(h)) * 1000000 + le32(h + 4);
        const int caplen = int(le32(h + 8)), wireLen = int(le32(h + 12));
        if (off + 16 + caplen > file.size()) break;
        c.timeOrdered &= usec >= prev;
        prev = usec;
        Frame f;
        if (caplen == wireLen && decodeFrame(h + 16, caplen, f)) {
            c.checksumsOk &= f.checksumsOk;
            account(c, f, usec, wireLen);
        } else {
            c.decodedAll = false;
        }
        ++c.records;
        off += 16 + caplen;
    }
    c.leftoverBytes = file.size() - off;
    return c;
}

} // namespace

class TestPcapgen : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // Generates into the temp dir; returns the pcap bytes and fills `summary`.
    QByteArray generate(const QString &name, QStringList args, QJsonObject *summary = nullptr) {
        const QString pcap = dir_.filePath(name + ".pcap"), json = dir_.filePath(name + ".json");
        args << "-o" << pcap << "--summary" << json;
        const Run r = runPcapgen(args);
        if (r.exitCode != 0) qWarning("pcapgen failed: %s", r.err.constData());
        if (summary) *summary = QJsonDocument::fromJson(readFile(json)).object();
        return r.exitCode == 0 ? readFile(pcap) : QByteArray();
    }

    static void compareFlow(const QJsonObject &flow, const FlowSeen &seen) {
        const QJsonObject src = flow["source"].toObject(), dst = flow["destination"].toObject();
        QCOMPARE(seen.dir[0].packets, src["packets"].toInteger());
        QCOMPARE(seen.dir[1].packets, dst["packets"].toInteger());
        QCOMPARE(seen.dir[0].bytes, src["bytes"].toInteger());
        QCOMPARE(seen.dir[1].bytes, dst["bytes"].toInteger());
        QCOMPARE(seen.dir[0].data, flow["client"].toObject()["bytes"].toInteger());
        QCOMPARE(seen.dir[1].data, flow["server"].toObject()["bytes"].toInteger());
        QCOMPARE(seen.firstUsec, flow["firstPacketUsec"].toInteger());
        QCOMPARE(seen.lastUsec, flow["lastPacketUsec"].toInteger());
        QCOMPARE(seen.firstUsec / 1000, flow["firstPacket"].toInteger());
        QCOMPARE(seen.proto, flow["ipProtocol"].toInt());
        if (seen.proto != 6) return;
        const QJsonObject flags = flow["tcpflags"].toObject();
        QCOMPARE(seen.syn, flags["syn"].toInt());
        QCOMPARE(seen.synAck, flags["syn-ack"].toInt());
        QCOMPARE(seen.ack, flags["ack"].toInt());
        QCOMPARE(seen.psh, flags["psh"].toInt());
        QCOMPARE(seen.fin, flags["fin"].toInt());
        QCOMPARE(seen.rst, flags["rst"].toInt());
        QCOMPARE(seen.syn, 1);
        QCOMPARE(seen.synAck, 1);
        QVERIFY(seen.rst == 1 ? seen.fin == 0 : seen.fin == 2);
        QCOMPARE(seen.rst == 1, flow["injected"].toObject()["rst"].toBool());
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void helpAndBadArguments() {
        const Run help = runPcapgen({"--help"});
        QCOMPARE(help.exitCode, 0);
        for (const char *opt : {"--flows", "--seed", "--concurrency", "--mix", "--summary", "--truncate-at"})
            QVERIFY2(help.out.contains(opt), opt);
        QCOMPARE(runPcapgen({"--flows", "10"}).exitCode, 2);   // no -o
        QCOMPARE(runPcapgen({"--bogus", "1", "-o", dir_.filePath("x.pcap")}).exitCode, 2);
        QCOMPARE(runPcapgen({"--mix", "ftp=10", "-o", dir_.filePath("x.pcap")}).exitCode, 2);
        QCOMPARE(runPcapgen({"--ipv6", "101", "-o", dir_.filePath("x.pcap")}).exitCode, 2);
        QCOMPARE(runPcapgen({"--linktype", "ppp", "-o", dir_.filePath("x.pcap")}).exitCode, 2);
    }

    void sameArgumentsSameBytes() {
        const QStringList args{"--flows", "300", "--concurrency", "40", "--seed", "11"};
        const QByteArray a = generate("det-a", args), b = generate("det-b", args);
        QVERIFY(a.size() > 10000);
        QCOMPARE(a, b);
        QCOMPARE(readFile(dir_.filePath("det-a.json")), readFile(dir_.filePath("det-b.json")));
        const QByteArray c = generate("det-c", {"--flows", "300", "--concurrency", "40", "--seed", "12"});
        QVERIFY(!c.isEmpty());
        QVERIFY(a != c);
        // Flow contents do not depend on the concurrency: only their interleaving does.
        const QByteArray d = generate("det-d", {"--flows", "300", "--concurrency", "7", "--seed", "11"});
        QVERIFY(a != d);
        QCOMPARE(a.size(), d.size());
    }

    void fileMatchesSummary_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("default mix") << QStringList{"--flows", "400", "--concurrency", "50"};
        QTest::newRow("all ipv6") << QStringList{"--flows", "150", "--ipv6", "100"};
        QTest::newRow("all vlan") << QStringList{"--flows", "150", "--vlan", "100", "--ipv6", "30"};
        QTest::newRow("ooo+retrans") << QStringList{"--flows", "200", "--ooo", "100", "--retrans", "100"};
        QTest::newRow("all rst") << QStringList{"--flows", "100", "--rst", "100"};
        QTest::newRow("dns only") << QStringList{"--flows", "200", "--mix", "dns=1"};
        QTest::newRow("smtp+tls") << QStringList{"--flows", "100", "--mix", "smtp=1,tls=1", "--seed", "99"};
        QTest::newRow("one at a time") << QStringList{"--flows", "30", "--concurrency", "1"};
    }

    void fileMatchesSummary() {
        QFETCH(QStringList, args);
        QJsonObject summary;
        const QByteArray file = generate("match", args, &summary);
        QVERIFY(!file.isEmpty());
        const Capture cap = parseCapture(file);
        QCOMPARE(cap.linktype, 1u);
        QCOMPARE(cap.leftoverBytes, 0);
        QVERIFY(cap.timeOrdered);
        QVERIFY(cap.decodedAll);
        QVERIFY(cap.checksumsOk);
        QCOMPARE(cap.records, summary["packets"].toInteger());
        QCOMPARE(cap.records, summary["packetsWritten"].toInteger());
        QCOMPARE(qint64(file.size()), summary["fileBytes"].toInteger());
        const QJsonArray flows = summary["flows"].toArray();
        QCOMPARE(flows.size(), args[1].toInt());
        QCOMPARE(cap.flows.size(), flows.size());   // every 5-tuple is distinct
        for (const QJsonValue &v : flows) {
            const QJsonObject flow = v.toObject();
            const QJsonObject src = flow["source"].toObject(), dst = flow["destination"].toObject();
            const QString key = src["ip"].toString() + '|' + QString::number(src["port"].toInt()) + '|' +
                                dst["ip"].toString() + '|' + QString::number(dst["port"].toInt());
            QVERIFY2(cap.flows.contains(key), qPrintable(key));
            compareFlow(flow, cap.flows[key]);
        }
    }

    // The summary's application facts appear verbatim in the bytes (SNI, Host, names).
    void factsAppearInPayload() {
        QJsonObject summary;
        const QByteArray file = generate("facts", {"--flows", "80", "--seed", "5"}, &summary);
        int checked = 0;
        for (const QJsonValue &v : summary["flows"].toArray()) {
            const QJsonObject facts = v.toObject()["facts"].toObject();
            for (const char *key : {"http.host", "tls.sni", "email.src", "email.subject"}) {
                for (const QJsonValue &value : facts[key].toArray()) {
                    QVERIFY2(file.contains(value.toString().toLatin1()), key);
                    ++checked;
                }
            }
        }
        QVERIFY(checked > 40);
    }

    void rawLinktype() {
        const QByteArray raw = generate("raw", {"--flows", "40", "--linktype", "raw", "--ipv6", "50"});
        const uchar *p = reinterpret_cast<const uchar *>(raw.constData());
        QVERIFY(raw.size() > 24 + 16);
        QCOMPARE(le32(p + 20), 101u);
        int v4 = 0, v6 = 0;
        for (qint64 off = 24; off + 16 <= raw.size(); off += 16 + le32(p + off + 8)) {
            const uchar version = p[off + 16] >> 4;
            QVERIFY(version == 4 || version == 6);
            (version == 4 ? v4 : v6)++;
        }
        QVERIFY(v4 > 0 && v6 > 0);
    }

    void snaplenAndTruncation() {
        QJsonObject summary;
        const QByteArray full = generate("full", {"--flows", "50"}, &summary);
        const QByteArray snapped = generate("snap", {"--flows", "50", "--snaplen", "96"});
        const uchar *p = reinterpret_cast<const uchar *>(snapped.constData());
        QCOMPARE(le32(p + 16), 96u);
        qint64 off = 24, records = 0;
        while (off + 16 <= snapped.size()) {
            const uint32_t caplen = le32(p + off + 8), wireLen = le32(p + off + 12);
            QVERIFY(caplen <= 96 && caplen == qMin(wireLen, 96u));
            off += 16 + caplen;
            ++records;
        }
        QCOMPARE(off, qint64(snapped.size()));
        QCOMPARE(records, summary["packets"].toInteger());

        QJsonObject cutSummary;
        const QByteArray cut = generate("cut", {"--flows", "50", "--truncate-at", "5000"}, &cutSummary);
        QCOMPARE(cut.size(), 5000);
        QCOMPARE(cut, full.left(5000));
        const Capture cap = parseCapture(cut);
        QVERIFY(cap.leftoverBytes > 0);
        QCOMPARE(cap.records, cutSummary["packetsWritten"].toInteger());
        QCOMPARE(cutSummary["packets"].toInteger(), summary["packets"].toInteger());
    }
};

QTEST_GUILESS_MAIN(TestPcapgen)
#include "tst_pcapgen.moc"

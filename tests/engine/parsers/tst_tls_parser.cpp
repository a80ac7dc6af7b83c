// Unit tests of the TLS parser: hand-built ClientHello/ServerHello/Certificate messages fed
// through the classifier and the parser as a packet thread feeds them, split at every byte and
// across records; JA3/JA3S/JA4 recomputed here from the specifications; hostile inputs.
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <string_view>

#include "fields/field_registry.h"
#include "parsers/builtin_parsers.h"
#include "parsers/classifier_table.h"
#include "parsers/tls/tls_parser.h"
#include "session/session.h"
#include "session/session_feed.h"

using namespace luacap::engine;

namespace {

using Bytes = QByteArray;

void put8(Bytes &b, unsigned v) { b.append(char(v & 0xff)); }
void put16(Bytes &b, unsigned v)
{
    put8(b, v >> 8);
    put8(b, v);
}
void put24(Bytes &b, unsigned v)
{
    put8(b, v >> 16);
    put16(b, v);
}
Bytes with16(const Bytes &body)
{
    Bytes b;
    put16(b, unsigned(body.size()));
    return b + body;
}
Bytes extension(unsigned type, const Bytes &data)
{
    Bytes b;
    put16(b, type);
    return b + with16(data);
}
Bytes list16(const QList<unsigned> &values)
{
    Bytes b;
    for (unsigned v : values)
        put16(b, v);
    return with16(b);
}
Bytes handshake(unsigned type, const Bytes &body)
{
    Bytes b;
    put8(b, type);
    put24(b, unsigned(body.size()));
    return b + body;
}
// TLS records of at most maxFragment bytes each carrying the bytes given.
Bytes records(const Bytes &payload, int maxFragment = 16384, unsigned contentType = 22)
{
    Bytes out;
    for (int off = 0; off < payload.size(); off += maxFragment) {
        const Bytes part = payload.mid(off, maxFragment);
        put8(out, contentType);
        put16(out, 0x0301);
        out += with16(part);
    }
    return out;
}

const QList<unsigned> kCiphers = {0x1a1a /*GREASE*/, 0x1301, 0x1302, 0xc02b, 0xc02f, 0x009c};
const QList<unsigned> kGroups = {0x2a2a /*GREASE*/, 0x001d, 0x0017, 0x0018};
const QList<unsigned> kSigAlgs = {0x0403, 0x0804, 0x0401};

// ClientHello with SNI, groups, point formats, signature algorithms, ALPN h2+http/1.1,
// supported_versions and GREASE in ciphers, groups and extensions.
Bytes clientHelloBody(const QByteArray &sni = "www.example.org")
{
    Bytes b;
    put16(b, 0x0303);
    b += Bytes(32, '\x11');                       // random
    put8(b, 32);
    b += Bytes(32, '\x22');                       // session id
    b += list16(kCiphers);
    put8(b, 1);
    put8(b, 0);                                   // compression: null
    Bytes ext;
    ext += extension(0x0a0a, {});                 // GREASE
    Bytes name;
    put8(name, 0);
    name += with16(sni);
    ext += extension(0, with16(name));
    ext += extension(10, list16(kGroups));
    Bytes formats;
    put8(formats, 1);
    put8(formats, 0);
    ext += extension(11, formats);
    ext += extension(13, list16(kSigAlgs));
    Bytes alpn;
    put8(alpn, 2);
    alpn += "h2";
    put8(alpn, 8);
    alpn += "http/1.1";
    ext += extension(16, with16(alpn));
    Bytes versions;
    put8(versions, 4);
    put16(versions, 0x0304);
    put16(versions, 0x0303);
    ext += extension(43, versions);
    return b + with16(ext);
}

Bytes serverHelloBody()
{
    Bytes b;
    put16(b, 0x0303);
    b += Bytes(32, '\x33');
    put8(b, 32);
    b += Bytes(32, '\x44');
    put16(b, 0xc02f);
    put8(b, 0);
    Bytes ext;
    ext += extension(0xff01, Bytes(1, '\0'));     // renegotiation_info
    Bytes alpn;
    put8(alpn, 2);
    alpn += "h2";
    ext += extension(16, with16(alpn));
    Bytes formats;
    put8(formats, 1);
    put8(formats, 0);
    ext += extension(11, formats);
    return b + with16(ext);
}

// A self-signed EC certificate made with openssl for this test: CN unit.example, O Luacap
// Tests, OU Parsers, SANs unit.example and alt.example, serial 0badcafe, valid
// 2026-11-25 11:28:32 .. 2027-12-30 11:28:32 UTC.
const char kCertHex[] =
    "308201ea30820191a00302010202040badcafe300a06082a8648ce3d04030230403115301306035504030c0c756e6974"
    "2e6578616d706c6531153013060355040a0c0c4c75616361702054657374733110300e060355040b0c07506172736572"
    "73301e170d3236313132353131323833325a170d3237313233303131323833325a30403115301306035504030c0c756e"
    "69742e6578616d706c6531153013060355040a0c0c4c75616361702054657374733110300e060355040b0c0750617273"
    "6572733059301306072a8648ce3d020106082a8648ce3d03010703420004773db20f513ef760f02271463af2cbf7d725"
    "168a150751c66cca7a734addd02d3fe94dd0501fa3a287378ecc34654aad287cceab188088498d7a9039fc1f08d7a379"
    "3077301d0603551d0e041604145c66eb62ac659db79da28098f14f32ea75bff0a0301f0603551d230418301680145c66"
    "eb62ac659db79da28098f14f32ea75bff0a0300f0603551d130101ff040530030101ff30240603551d11041d301b820c"
    "756e69742e6578616d706c65820b616c742e6578616d706c65300a06082a8648ce3d040302034700304402200b406e2e"
    "a23abd6a3269cba8ae6cfb3a411ba8fc476eb1bc665d513cabd23a1702204b3c2f59d2f00f3e7b18a161710a3b2c8431"
    "679a010890967354e9e13321a5be";

Bytes certificateBody()
{
    const Bytes der = QByteArray::fromHex(kCertHex);
    Bytes entry;
    put24(entry, unsigned(der.size()));
    entry += der;
    Bytes b;
    put24(b, unsigned(entry.size()));
    return b + entry;
}

Bytes clientFlight() { return records(handshake(1, clientHelloBody())); }
Bytes serverFlight()
{
    return records(handshake(2, serverHelloBody()) + handshake(11, certificateBody()) + handshake(14, {}));
}

QString md5(const QByteArray &s) { return QCryptographicHash::hash(s, QCryptographicHash::Md5).toHex(); }
QString sha12(const QByteArray &s) { return QCryptographicHash::hash(s, QCryptographicHash::Sha256).toHex().left(12); }
QString hex4(unsigned v) { return QString("%1").arg(v, 4, 16, QChar('0')); }

// JA3 (Salesforce): version,ciphers,extensions,groups,formats in decimal, GREASE removed.
QString expectedJa3String()
{
    return "771,4865-4866-49195-49199-156,0-10-11-13-16-43,29-23-24,0";
}
// JA4 (FoxIO spec): t13d + cipher and extension counts (GREASE out, SNI and ALPN in) + ALPN first/last char, sorted cipher hashes, sorted
// extensions (without SNI and ALPN) + "_" + signature algorithms in order.
QString expectedJa4Raw()
{
    QStringList ciphers, exts, algs;
    for (unsigned c : kCiphers.mid(1))
        ciphers << hex4(c);
    ciphers.sort();
    for (unsigned e : {10u, 11u, 13u, 43u})
        exts << hex4(e);
    exts.sort();
    for (unsigned a : kSigAlgs)
        algs << hex4(a);
    return "t13d0506h2_" + ciphers.join(',') + "_" + exts.join(',') + "_" + algs.join(',');
}
QString expectedJa4()
{
    const QStringList parts = expectedJa4Raw().split('_');
    return parts[0] + "_" + sha12(parts[1].toLatin1()) + "_" + sha12((parts[2] + "_" + parts[3]).toLatin1());
}

struct Harness {
    FieldRegistry registry;
    ClassifierTable table;
    std::unique_ptr<BuiltinParsers> classifier;
    Session session;

    Harness()
    {
        ParserConfig cfg;
        cfg.ja3Strings = true;
        cfg.ja4Raw = true;
        std::string error;
        if (!registerTlsParser(cfg, registry, table, &error))
            qFatal("register: %s", error.c_str());
        classifier = std::make_unique<BuiltinParsers>(table);
        const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
        session.sourceIsA = makeSessionKey(AddressFamily::V4, a, b, 40000, 443, 6, 0, session.key);
        session.firstPacketUsec = 1800000000LL * 1000000;
    }
    void feed(int dir, const Bytes &bytes, const QList<int> &cuts = {})
    {
        const std::vector<SessionObserver *> observers{classifier.get()};
        int from = 0;
        QList<int> ends = cuts;
        ends << int(bytes.size());
        for (int to : ends) {
            if (to > from)
                feedData(session, dir, reinterpret_cast<const uint8_t *>(bytes.constData()) + from, uint32_t(to - from),
                         observers);
            from = std::max(from, to);
        }
    }
    QStringList strs(const char *expr) const
    {
        QStringList out;
        const int id = std::string_view(expr) == "protocol" ? int(FieldRegistry::Protocol) : registry.idOf(expr);
        if (const auto *v = session.fields.strings(id))
            for (std::string_view s : *v)
                out << QString::fromUtf8(s.data(), qsizetype(s.size()));
        return out;
    }
    QList<QJsonObject> certs() const
    {
        QList<QJsonObject> out;
        for (const QString &s : strs("cert"))
            out << QJsonDocument::fromJson(s.toUtf8()).object();
        return out;
    }
};

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

} // namespace

class TestTlsParser : public QObject {
    Q_OBJECT
private:
    static void checkClient(const Harness &h)
    {
        QCOMPARE(h.strs("tls.ja3string"), QStringList{expectedJa3String()});
        QCOMPARE(h.strs("tls.ja3"), QStringList{md5(expectedJa3String().toLatin1())});
        QCOMPARE(h.strs("tls.ja4_r"), QStringList{expectedJa4Raw()});
        QCOMPARE(h.strs("tls.ja4"), QStringList{expectedJa4()});
        QCOMPARE(h.strs("host.http"), QStringList{"www.example.org"});
        QCOMPARE(h.strs("tls.sessionid.src"), QStringList{QString(64, '2')});
    }
    static void checkServer(const Harness &h)
    {
        const QString ja3s = "771,49199,65281-16-11";
        QCOMPARE(h.strs("tls.ja3sstring"), QStringList{ja3s});
        QCOMPARE(h.strs("tls.ja3s"), QStringList{md5(ja3s.toLatin1())});
        QCOMPARE(h.strs("tls.version"), QStringList{"TLSv1.2"});
        QCOMPARE(h.strs("tls.cipher"), QStringList{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        QCOMPARE(h.strs("tls.sessionid.dst"), QStringList{QString(64, '4')});
        QCOMPARE(h.certs().size(), 1);
    }

private slots:
    void wholeHandshake()
    {
        Harness h;
        h.feed(0, clientFlight());
        h.feed(1, serverFlight());
        QCOMPARE(h.strs("protocol"), (QStringList{"tls", "http2"}));
        checkClient(h);
        checkServer(h);
    }

    // Every split of the client flight into two segments gives the same fields. The first
    // segment holds at least the record header and the handshake type: the classifier (as
    // Arkime's) recognises TLS from those 6 bytes of a direction's first payload.
    void clientHelloSplitAtEveryByte()
    {
        const Bytes flight = clientFlight();
        for (int cut = 6; cut < flight.size(); ++cut) {
            Harness h;
            h.feed(0, flight, {cut});
            if (h.strs("tls.ja3") != QStringList{md5(expectedJa3String().toLatin1())})
                QFAIL(qPrintable(QString("split at %1 of %2").arg(cut).arg(flight.size())));
        }
    }

    void serverHelloSplitAtEveryByte()
    {
        const Bytes flight = serverFlight();
        for (int cut = 6; cut < flight.size(); ++cut) {
            Harness h;
            h.feed(0, clientFlight());
            h.feed(1, flight, {cut});
            if (h.strs("tls.ja3s").size() != 1 || h.certs().size() != 1)
                QFAIL(qPrintable(QString("split at %1 of %2").arg(cut).arg(flight.size())));
        }
    }

    void byteByByte()
    {
        Harness h;
        QList<int> cuts;
        const Bytes server = serverFlight();
        for (int i = 6; i < server.size(); ++i)
            cuts << i;
        h.feed(0, clientFlight(), {6, 7, 8, 9, 10, 11});
        h.feed(1, server, cuts);
        checkClient(h);
        checkServer(h);
    }

    // One handshake message spread over several TLS records (the record layer fragments it).
    void recordsAcrossSegments_data()
    {
        QTest::addColumn<int>("fragment");
        for (int f : {1, 7, 50, 100, 300})
            QTest::addRow("records of %d bytes", f) << f;
    }
    void recordsAcrossSegments()
    {
        QFETCH(int, fragment);
        Harness h;
        h.feed(0, records(handshake(1, clientHelloBody()), fragment), {6, 11, 40});
        h.feed(1, records(handshake(2, serverHelloBody()) + handshake(11, certificateBody()), fragment));
        checkClient(h);
        checkServer(h);
    }

    void certificateFields()
    {
        Harness h;
        h.feed(0, clientFlight());
        h.feed(1, serverFlight());
        const QJsonObject c = h.certs().value(0);
        // Values as `openssl x509 -text` shows them for kCertHex.
        QCOMPARE(strings(c["subjectCN"]), QStringList{"unit.example"});
        QCOMPARE(strings(c["issuerCN"]), QStringList{"unit.example"});
        QCOMPARE(strings(c["subjectON"]), QStringList{"Luacap Tests"});
        QCOMPARE(strings(c["subjectOU"]), QStringList{"Parsers"});
        QCOMPARE(strings(c["alt"]), (QStringList{"unit.example", "alt.example"}));
        QCOMPARE(c["serial"].toString(), QString("0badcafe"));
        QCOMPARE(c["notBefore"].toInteger(), 1795606112LL * 1000);
        QCOMPARE(c["notAfter"].toInteger(), 1830166112LL * 1000);
        QCOMPARE(c["hash"].toString(), QString("97:4a:b6:b8:e6:6c:99:67:b2:5c:38:8a:8b:36:76:ad:43:e3:df:ec"));
        QCOMPARE(c["curve"].toString(), QString("prime256v1"));
    }

    // A hello cut short anywhere yields no fingerprint and no crash.
    void truncated_data()
    {
        QTest::addColumn<int>("keep");
        const int n = int(clientFlight().size());
        for (int keep : {1, 4, 5, 6, 9, 43, 44, 76, 90, n / 2, n - 1})
            QTest::addRow("%d of %d bytes", keep, n) << keep;
    }
    void truncated()
    {
        QFETCH(int, keep);
        Harness h;
        h.feed(0, clientFlight().left(keep));
        h.feed(1, serverFlight().left(keep));
        QVERIFY(h.strs("tls.ja3").isEmpty());
        QVERIFY(h.strs("tls.ja3s").isEmpty());
    }

    // Lengths inside the hello that point past its end: nothing is read out of bounds (ASan).
    void lyingLengths_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("value");
        // offsets inside the handshake body: session id length, cipher list length, extensions length
        QTest::addRow("session id length") << 34 << 0xff;
        QTest::addRow("cipher list length") << 67 << 0xff;
        QTest::addRow("extensions length") << 83 << 0xff;
        QTest::addRow("zero cipher list") << 67 << 0;
    }
    void lyingLengths()
    {
        QFETCH(int, offset);
        QFETCH(int, value);
        Bytes body = clientHelloBody();
        body[offset] = char(value);
        Harness h;
        h.feed(0, records(handshake(1, body)));
        QVERIFY(h.strs("tls.ja3").size() <= 1);
    }

    void garbage_data()
    {
        QTest::addColumn<int>("seed");
        for (int s = 1; s <= 20; ++s)
            QTest::addRow("seed %d", s) << s;
    }
    void garbage()
    {
        QFETCH(int, seed);
        QRandomGenerator rng{uint32_t(seed)};
        Bytes noise(int(rng.bounded(1, 4000)), '\0');
        for (char &c : noise)
            c = char(rng.bounded(256));
        Harness h;
        // A valid record header in front so the classifier attaches the parser.
        h.feed(0, Bytes("\x16\x03\x01\x01\x00\x01", 6) + noise, {7, 300});
        h.feed(1, Bytes("\x16\x03\x03\x00\x40\x02", 6) + noise);
        QVERIFY(h.session.parsers.size() <= 1);
    }

    // A record longer than the TLS limit stops the direction instead of buffering it.
    void oversizedRecordStops()
    {
        Harness h;
        Bytes rec("\x16\x03\x01\xff\xff\x01", 6);
        rec += Bytes(100, 'x');
        h.feed(0, rec);
        QVERIFY(h.strs("tls.ja3").isEmpty());
        QCOMPARE(h.strs("protocol"), QStringList{"tls"});
    }
};

QTEST_GUILESS_MAIN(TestTlsParser)
#include "tst_tls_parser.moc"

// Unit tests of the DNS parser: messages built by hand and fed to a DnsParser with a bare
// Session, over UDP and TCP (split at every byte), plus punycode and hostile inputs.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QtTest>

#include "fields/field_registry.h"
#include "parsers/dns/dns_parser.h"
#include "parsers/dns/punycode.h"
#include "session/session.h"

using namespace luacap::engine;

namespace {

using Bytes = std::vector<uint8_t>;

void put16(Bytes &b, uint16_t v)
{
    b.push_back(uint8_t(v >> 8));
    b.push_back(uint8_t(v));
}

void putName(Bytes &b, const std::string &name)
{
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos)
            dot = name.size();
        b.push_back(uint8_t(dot - start));
        b.insert(b.end(), name.begin() + long(start), name.begin() + long(dot));
        start = dot + 1;
    }
    b.push_back(0);
}

Bytes header(uint16_t id, uint16_t flags, uint16_t qd, uint16_t an, uint16_t ns = 0, uint16_t ar = 0)
{
    Bytes b;
    put16(b, id);
    put16(b, flags);
    put16(b, qd);
    put16(b, an);
    put16(b, ns);
    put16(b, ar);
    return b;
}

Bytes query(const std::string &host, uint16_t type = 1, uint16_t id = 0x1234)
{
    Bytes b = header(id, 0x0100, 1, 0);
    putName(b, host);
    put16(b, type);
    put16(b, 1);
    return b;
}

// Response for www.example.org A: CNAME example.org (compressed), A 192.0.2.7, AAAA 2001:db8::1.
Bytes cnameResponse()
{
    Bytes b = header(0x1234, 0x8580, 1, 3);
    putName(b, "www.example.org");   // question name at offset 12
    put16(b, 1);
    put16(b, 1);
    const auto rr = [&](uint16_t nameOff, uint16_t type, const Bytes &rdata) {
        put16(b, uint16_t(0xc000 | nameOff));
        put16(b, type);
        put16(b, 1);
        put16(b, 0);
        put16(b, 300);
        put16(b, uint16_t(rdata.size()));
        b.insert(b.end(), rdata.begin(), rdata.end());
    };
    rr(12, 5, {0xc0, 16});   // CNAME -> "example.org" (suffix of the question name)
    rr(16, 1, {192, 0, 2, 7});
    rr(16, 28, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    return b;
}

struct Fixture {
    FieldRegistry registry;
    std::shared_ptr<DnsParserConfig> config = std::make_shared<DnsParserConfig>();
    Session session;
    Fixture()
    {
        FieldDef def;
        def.expression = "dns";
        def.dbField = "dns";
        def.kind = "object";
        def.flags = FieldCnt | FieldJsonObject;
        config->registry = &registry;
        config->dnsField = registry.define(def);
        config->outputAnswers = true;
    }
    QJsonArray objects()
    {
        QJsonArray out;
        if (const auto *v = session.fields.strings(config->dnsField))
            for (std::string_view s : *v)
                out.append(QJsonDocument::fromJson(QByteArray(s.data(), qsizetype(s.size()))).object());
        return out;
    }
    QStringList strings(int id)
    {
        QStringList out;
        if (const auto *v = session.fields.strings(id))
            for (std::string_view s : *v)
                out << QString::fromUtf8(s.data(), qsizetype(s.size()));
        return out;
    }
};

Bytes framed(const Bytes &m)
{
    Bytes b;
    put16(b, uint16_t(m.size()));
    b.insert(b.end(), m.begin(), m.end());
    return b;
}

} // namespace

class TestDnsParser : public QObject {
    Q_OBJECT
private slots:
    void udpQueryAndResponse()
    {
        Fixture f;
        DnsParser p(f.config, false, DnsParser::Kind::Dns);
        const Bytes q = query("www.example.org"), r = cnameResponse();
        p.onData(f.session, 0, q.data(), uint32_t(q.size()));
        p.onData(f.session, 1, r.data(), uint32_t(r.size()));
        p.onPreSave(f.session, true);
        const QJsonArray objs = f.objects();
        QCOMPARE(objs.size(), 1);
        const QJsonObject o = objs[0].toObject();
        QCOMPARE(o["queryHost"].toString(), QString("www.example.org"));
        QCOMPARE(o["qt"].toString(), QString("A"));
        QCOMPARE(o["qc"].toString(), QString("IN"));
        QCOMPARE(o["opcode"].toString(), QString("QUERY"));
        QCOMPARE(o["status"].toString(), QString("NOERROR"));
        QCOMPARE(o["host"].toArray(), QJsonArray({"example.org", "www.example.org"}));
        QCOMPARE(o["ip"].toArray(), QJsonArray({"192.0.2.7", "2001:0db8:0000:0000:0000:0000:0000:0001"}));
        QCOMPARE(o["headerFlags"].toArray(), QJsonArray({"AA", "RA", "RD"}));
        QCOMPARE(o["answersCnt"].toInt(), 3);
        const QJsonArray answers = o["answers"].toArray();
        QCOMPARE(answers[0].toObject()["cname"].toString(), QString("example.org"));
        QCOMPARE(answers[0].toObject()["name"].toString(), QString("www.example.org"));
        QCOMPARE(answers[1].toObject()["ip"].toString(), QString("192.0.2.7"));
        QCOMPARE(answers[2].toObject()["ip"].toString(), QString("2001:db8::1"));
        QCOMPARE(answers[2].toObject()["ttl"].toInt(), 300);
        QVERIFY(f.strings(FieldRegistry::Protocol).contains("dns"));
    }

    void queryOnlyHasNoStatus()
    {
        Fixture f;
        DnsParser p(f.config, false, DnsParser::Kind::Mdns);
        const Bytes q = query("mydevice.local");
        p.onData(f.session, 0, q.data(), uint32_t(q.size()));
        p.onPreSave(f.session, true);
        const QJsonObject o = f.objects()[0].toObject();
        QVERIFY(!o.contains("status"));
        QVERIFY(!o.contains("answersCnt"));
        QVERIFY(!o.contains("headerFlags"));
        QCOMPARE(f.strings(FieldRegistry::Protocol), QStringList{"mdns"});
    }

    void tcpSplitAtEveryByte()
    {
        Bytes stream = framed(query("www.example.org"));
        const Bytes second = framed(query("two.example.org", 28, 7));
        stream.insert(stream.end(), second.begin(), second.end());   // pipelined
        const Bytes reply = framed(cnameResponse());
        for (size_t cut = 0; cut <= stream.size(); ++cut) {
            Fixture f;
            DnsParser p(f.config, true, DnsParser::Kind::Dns);
            QCOMPARE(p.onData(f.session, 0, stream.data(), uint32_t(cut)), SessionParser::Result::Continue);
            p.onData(f.session, 0, stream.data() + cut, uint32_t(stream.size() - cut));
            for (size_t i = 0; i < reply.size(); ++i)   // the reply one byte at a time
                p.onData(f.session, 1, reply.data() + i, 1);
            p.onPreSave(f.session, true);
            const QJsonArray objs = f.objects();
            QCOMPARE(objs.size(), 2);
            QCOMPARE(objs[0].toObject()["answersCnt"].toInt(), 3);
            QCOMPARE(objs[1].toObject()["qt"].toString(), QString("AAAA"));
        }
    }

    void tcpBadLengthDetaches()
    {
        Fixture f;
        DnsParser p(f.config, true, DnsParser::Kind::Dns);
        const uint8_t junk[] = {0, 3, 'a', 'b', 'c'};
        QCOMPARE(p.onData(f.session, 0, junk, sizeof(junk)), SessionParser::Result::Done);
    }

    void punycode_data()
    {
        QTest::addColumn<QString>("ace");
        QTest::addColumn<QString>("unicode");
        QTest::addColumn<bool>("ok");
        QTest::newRow("greek") << "xn--nxasmq5b.com" << QString::fromUtf8("όβλοσ.com") << true;
        QTest::newRow("german") << "xn--mnchen-3ya.de" << QString::fromUtf8("münchen.de") << true;
        QTest::newRow("plain") << "www.Example.org" << "www.Example.org" << true;
        QTest::newRow("chinese") << "xn--fiqs8s" << QString::fromUtf8("中国") << true;
        QTest::newRow("bad digit") << "xn--a!b.com" << "" << false;
        QTest::newRow("overflow") << "xn--99999999999999999a" << "" << false;
    }
    void punycode()
    {
        QFETCH(QString, ace);
        QFETCH(QString, unicode);
        QFETCH(bool, ok);
        std::string out;
        QCOMPARE(Punycode::hostToUnicode(ace.toStdString(), out), ok);
        if (ok)
            QCOMPARE(QString::fromStdString(out), unicode);
    }

    void punyHostsInObject()
    {
        Fixture f;
        DnsParser p(f.config, false, DnsParser::Kind::Dns);
        const Bytes q = query("xn--nxasmq5b.com");
        p.onData(f.session, 0, q.data(), uint32_t(q.size()));
        p.onPreSave(f.session, true);
        const QJsonObject o = f.objects()[0].toObject();
        QCOMPARE(o["queryHost"].toString(), QString::fromUtf8("όβλοσ.com"));
        QCOMPARE(o["puny"].toArray(), QJsonArray({"xn--nxasmq5b.com"}));
    }

    void compressionLoopIsBounded()
    {
        Fixture f;
        DnsParser p(f.config, false, DnsParser::Kind::Dns);
        Bytes b = header(1, 0x8180, 1, 1);
        putName(b, "loop.example");
        put16(b, 1);
        put16(b, 1);
        const uint16_t self = uint16_t(b.size());
        put16(b, uint16_t(0xc000 | self));   // owner name points at itself
        put16(b, 1);
        put16(b, 1);
        put16(b, 0);
        put16(b, 60);
        put16(b, 4);
        b.insert(b.end(), {1, 2, 3, 4});
        p.onData(f.session, 1, b.data(), uint32_t(b.size()));
        p.onPreSave(f.session, true);
        QCOMPARE(f.objects()[0].toObject()["answersCnt"].toInt(), 0);
    }

    void extendedRcodeAndTag()
    {
        Fixture f;
        DnsParser p(f.config, false, DnsParser::Kind::Dns);
        Bytes b = header(2, 0x8580, 1, 0, 0, 1);
        putName(b, "edns.example");
        put16(b, 1);
        put16(b, 1);
        b.push_back(0);   // OPT: root owner, class = UDP size, TTL high byte = extended rcode
        put16(b, 41);
        put16(b, 1232);
        put16(b, 0x0100);
        put16(b, 0);
        put16(b, 0);
        p.onData(f.session, 1, b.data(), uint32_t(b.size()));
        Bytes two = header(3, 0x0100, 2, 0);
        putName(two, "a.example");
        put16(two, 1);
        put16(two, 1);
        p.onData(f.session, 0, two.data(), uint32_t(two.size()));
        p.onPreSave(f.session, true);
        QCOMPARE(f.objects()[0].toObject()["status"].toString(), QString("BADSIG_VERS"));
        QVERIFY(f.strings(FieldRegistry::Tags).contains("dns:qdcount-not-1"));
    }

    void truncatedAndGarbageNeverCrash()
    {
        const Bytes r = cnameResponse();
        for (size_t n = 0; n <= r.size(); ++n) {
            Fixture f;
            DnsParser p(f.config, false, DnsParser::Kind::Dns);
            p.onData(f.session, 1, r.data(), uint32_t(n));
            p.onPreSave(f.session, true);
            QVERIFY(f.objects().size() <= 1);
        }
        QRandomGenerator rng(42);
        for (int i = 0; i < 2000; ++i) {
            Fixture f;
            DnsParser p(f.config, i % 2 == 0, DnsParser::Kind::Dns);
            Bytes junk(rng.bounded(1, 300));
            for (uint8_t &c : junk)
                c = uint8_t(rng.bounded(256));
            if (i % 3 == 0 && junk.size() > 5)
                junk[4] = 0, junk[5] = 1;   // qdcount 1: reach the record loop more often
            p.onData(f.session, 0, junk.data(), uint32_t(junk.size()));
            p.onPreSave(f.session, true);
        }
    }
};

QTEST_GUILESS_MAIN(TestDnsParser)
#include "tst_dns_parser.moc"

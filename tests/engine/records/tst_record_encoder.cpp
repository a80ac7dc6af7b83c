// Tests for RecordEncoder: hand-built sessions encoded, parsed back and checked field by field.
#include <QtTest>

#include <arpa/inet.h>

#include "fields/field_registry.h"
#include "records/record_encoder.h"

using namespace luacap::engine;

class TstRecordEncoder : public QObject {
    Q_OBJECT
private slots:
    void tcpSessionShape();
    void sourceIsB();
    void keysSortedAtEveryLevel();
    void countsAndArrays();
    void ipv6AndIcmp();
    void dynamicFieldsMerge();
    void nonIpSession();
    void communityIdOmitted_data();
    void communityIdOmitted();
    void packetPositionsOption();
};

namespace {

void setV4(std::array<uint8_t, 16> &a, const char *text)
{
    a.fill(0);
    inet_pton(AF_INET, text, a.data());
}

// 10.180.156.141:62341 -> 192.30.252.130:80 (Arkime's http-301-get session); A is the server.
Session tcpSession()
{
    Session s;
    s.key.family = AddressFamily::V4;
    s.key.ipProtocol = 6;
    setV4(s.key.addrA, "10.180.156.141");
    setV4(s.key.addrB, "192.30.252.130");
    s.key.portA = 62341;
    s.key.portB = 80;
    s.sourceIsA = true;
    s.firstPacketUsec = 1385394928482374;
    s.lastPacketUsec = 1385394928608107;
    s.etherType = 0x0800;
    s.dir[0].packets = 5;
    s.dir[0].bytes = 487;
    s.dir[0].dataBytes = 145;
    s.dir[1].packets = 3;
    s.dir[1].bytes = 313;
    s.dir[1].dataBytes = 107;
    const uint8_t get[8] = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T'};
    std::copy(get, get + 8, s.dir[0].payload8.begin());
    s.dir[0].payload8Len = 8;
    s.dir[0].ttls = {64};
    s.dir[1].ttls = {50};
    s.dir[0].macs = {{0x00, 0x1f, 0x5b, 0xff, 0x51, 0xcb}};
    s.dir[1].macs = {{0x00, 0x00, 0x0c, 0x07, 0xac, 0x01}, {0x00, 0xd0, 0x2b, 0xd1, 0x76, 0x00}};
    s.tcpFlags.syn = 1;
    s.tcpFlags.synAck = 1;
    s.tcpFlags.ack = 3;
    s.tcpFlags.psh = 1;
    s.tcpFlags.fin = 2;
    s.positions.add(0, 24, 94);
    s.positions.add(0, 118, 90);
    s.positions.add(0, 208, 82);
    return s;
}

QJsonObject encode(const Session &s, const FieldRegistry &r, std::string *text = nullptr,
                   RecordOptions options = {})
{
    options.node = "test";
    RecordEncoder enc(r, options);
    std::string out;
    enc.encode(s, SaveReason::EndOfInput, out);
    if (text)
        *text = out;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &err);
    if (err.error != QJsonParseError::NoError)
        qWarning() << err.errorString() << QByteArray::fromStdString(out);
    return doc.object();
}

QJsonObject obj(const QJsonObject &o, const char *k) { return o.value(k).toObject(); }

// Walks the JSON text and checks that the keys of every object are in strictly increasing
// byte order (QJsonObject sorts keys itself, so this must be checked on the text).
bool keysSortedInText(const std::string &json, std::string *why)
{
    std::vector<std::string> lastKey;   // one per open object; arrays push an unused entry
    for (size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            lastKey.emplace_back();
        } else if (c == '}' || c == ']') {
            lastKey.pop_back();
        } else if (c == '"') {
            std::string str;
            for (++i; json[i] != '"'; ++i) {
                if (json[i] == '\\')
                    str += json[i++];
                str += json[i];
            }
            if (i + 1 < json.size() && json[i + 1] == ':') {
                if (!lastKey.back().empty() && !(lastKey.back() < str)) {
                    *why = "'" + str + "' after '" + lastKey.back() + "'";
                    return false;
                }
                lastKey.back() = str;
            }
        }
    }
    return lastKey.empty();
}

} // namespace

void TstRecordEncoder::tcpSessionShape()
{
    FieldRegistry r;
    const QJsonObject b = encode(tcpSession(), r);
    QCOMPARE(b.value("firstPacket").toInteger(), 1385394928482LL);
    QCOMPARE(b.value("lastPacket").toInteger(), 1385394928608LL);
    QCOMPARE(b.value("length").toInt(), 126);
    QCOMPARE(obj(b, "packetRange").value("gte").toInteger(), 1385394928482LL);
    QCOMPARE(obj(b, "packetRange").value("lte").toInteger(), 1385394928608LL);
    QCOMPARE(b.value("ipProtocol").toInt(), 6);
    QCOMPARE(b.value("ethertype").toInt(), 2048);
    const QJsonObject src = obj(b, "source"), dst = obj(b, "destination");
    QCOMPARE(src.value("ip").toString(), "10.180.156.141");
    QCOMPARE(src.value("port").toInt(), 62341);
    QCOMPARE(src.value("bytes").toInt(), 487);
    QCOMPARE(src.value("packets").toInt(), 5);
    QCOMPARE(src.value("mac").toArray().at(0).toString(), "00:1f:5b:ff:51:cb");
    QCOMPARE(src.value("mac-cnt").toInt(), 1);
    QCOMPARE(dst.value("ip").toString(), "192.30.252.130");
    QCOMPARE(dst.value("mac-cnt").toInt(), 2);
    QCOMPARE(obj(b, "client").value("bytes").toInt(), 145);
    QCOMPARE(obj(b, "server").value("bytes").toInt(), 107);
    QCOMPARE(b.value("totDataBytes").toInt(), 252);
    const QJsonObject net = obj(b, "network");
    QCOMPARE(net.value("packets").toInt(), 8);
    QCOMPARE(net.value("bytes").toInt(), 800);
    QCOMPARE(net.value("community_id").toString(), "1:/wxImZfyysTBc/FfJh8ZIhrdJbI=");   // Arkime's value
    QCOMPARE(b.value("srcPayload8").toString(), "474554202f204854");
    QVERIFY(!b.contains("dstPayload8"));
    QCOMPARE(b.value("srcTTL").toArray(), QJsonArray({64}));
    QCOMPARE(b.value("dstTTLCnt").toInt(), 1);
    const QJsonObject flags = obj(b, "tcpflags");
    QCOMPARE(flags.size(), 12);
    QCOMPARE(flags.value("syn-ack").toInt(), 1);
    QCOMPARE(flags.value("fin").toInt(), 2);
    QCOMPARE(flags.value("srcZero").toInt(), 0);
    QCOMPARE(b.value("segmentCnt").toInt(), 1);
    QCOMPARE(b.value("node").toString(), "test");
    QCOMPARE(b.value("packetPos").toArray(), QJsonArray({24, 118, 208}));
    QCOMPARE(b.value("packetLen").toArray(), QJsonArray({94, 90, 82}));
    QCOMPARE(b.value("fileId").toArray(), QJsonArray());
    QVERIFY(!b.contains("icmp") && !b.contains("dot1q") && !b.contains("protocol"));
}

void TstRecordEncoder::sourceIsB()
{
    FieldRegistry r;
    Session s = tcpSession();
    std::swap(s.key.addrA, s.key.addrB);
    std::swap(s.key.portA, s.key.portB);
    s.sourceIsA = false;
    const QJsonObject b = encode(s, r);
    QCOMPARE(obj(b, "source").value("ip").toString(), "10.180.156.141");
    QCOMPARE(obj(b, "source").value("port").toInt(), 62341);
    QCOMPARE(obj(b, "destination").value("port").toInt(), 80);
    QCOMPARE(obj(b, "source").value("packets").toInt(), 5);   // dir[0] is always the source
    QCOMPARE(obj(b, "network").value("community_id").toString(), "1:/wxImZfyysTBc/FfJh8ZIhrdJbI=");
}

void TstRecordEncoder::keysSortedAtEveryLevel()
{
    FieldRegistry r;
    std::string error;
    const int methodGet = r.defineFromSpec("http.method-GET", "kind:integer;db:http.method-GET", &error);
    const int method = r.defineFromSpec("http.method", "kind:termfield;db:http.method;count:true", &error);
    QVERIFY(methodGet >= 0 && method >= 0);
    Session s = tcpSession();
    s.fields.addInt(r.get(methodGet), 1);
    s.fields.addString(r.get(method), "GET");
    std::string text;
    const QJsonObject b = encode(s, r, &text);
    const QString json = QString::fromStdString(text);
    std::string why;
    QVERIFY2(keysSortedInText(text, &why), why.c_str());
    QVERIFY(b.contains("http") && b.contains("tcpflags"));
    // Byte order within the http object: method < method-GET < methodCnt, as in Arkime's files.
    QVERIFY(json.indexOf("\"method\":") < json.indexOf("\"method-GET\":"));
    QVERIFY(json.indexOf("\"method-GET\":") < json.indexOf("\"methodCnt\":"));
    // Deterministic: the same session gives the same bytes.
    std::string again;
    encode(s, r, &again);
    QCOMPARE(again, text);
}

void TstRecordEncoder::countsAndArrays()
{
    FieldRegistry r;
    Session s = tcpSession();
    s.fields.addString(r.get(FieldRegistry::Protocol), "tcp");
    s.fields.addString(r.get(FieldRegistry::Protocol), "http");
    s.fields.addString(r.get(FieldRegistry::Tags), "a\"tag");
    s.vlans = {300, 50};
    s.tunnel = std::make_unique<TunnelAddresses>();
    s.tunnel->family = AddressFamily::V4;
    s.tunnel->ips[0].push_back({10, 0, 0, 1});
    s.tunnel->ips[1].push_back({10, 0, 0, 2});
    s.tunnel->ips[1].push_back({10, 0, 0, 1});
    s.tunnel->macs[1] = {{0x6a, 0x70, 0xc5, 0xaf, 0xf1, 0xf9}};
    const QJsonObject b = encode(s, r);
    QCOMPARE(b.value("protocol").toArray(), QJsonArray({"tcp", "http"}));
    QCOMPARE(b.value("protocolCnt").toInt(), 2);
    QCOMPARE(b.value("tags").toArray(), QJsonArray({"a\"tag"}));
    QCOMPARE(b.value("tagsCnt").toInt(), 1);
    const QJsonObject vlan = obj(obj(b, "network"), "vlan");
    QCOMPARE(vlan.value("id").toArray(), QJsonArray({300, 50}));
    QCOMPARE(vlan.value("id-cnt").toInt(), 2);
    QCOMPARE(obj(b, "dot1q").value("idCnt").toInt(), 2);
    QCOMPARE(b.value("srcOuterIp").toArray(), QJsonArray({"10.0.0.1"}));
    QCOMPARE(b.value("dstOuterIp").toArray(), QJsonArray({"10.0.0.2", "10.0.0.1"}));
    QCOMPARE(b.value("dstOuterIpCnt").toInt(), 2);
    QCOMPARE(b.value("dstOuterMac").toArray(), QJsonArray({"6a:70:c5:af:f1:f9"}));
    QCOMPARE(b.value("dstOuterMac-cnt").toInt(), 1);
    QVERIFY(!b.contains("srcOuterMac"));
}

void TstRecordEncoder::ipv6AndIcmp()
{
    FieldRegistry r;
    Session s;
    s.key.family = AddressFamily::V6;
    s.key.ipProtocol = 58;
    inet_pton(AF_INET6, "2001:db8:0:1::1", s.key.addrA.data());
    inet_pton(AF_INET6, "2001:db8:0:1::2", s.key.addrB.data());
    s.sourceIsA = true;
    s.icmpTypes = {128, 129};
    s.icmpCodes = {0};
    s.dir[0].packets = s.dir[1].packets = 5;
    const QJsonObject b = encode(s, r);
    QCOMPARE(obj(b, "source").value("ip").toString(), "2001:db8:0:1::1");
    QCOMPARE(obj(b, "destination").value("ip").toString(), "2001:db8:0:1::2");
    QCOMPARE(obj(b, "source").value("port").toInt(), 0);
    QCOMPARE(obj(b, "icmp").value("type").toArray(), QJsonArray({128, 129}));
    QCOMPARE(obj(b, "icmp").value("code").toArray(), QJsonArray({0}));
    QCOMPARE(obj(b, "network").value("community_id").toString(), "1:aLXS5HDS8xDo2lZExi+nBysy2SI=");   // ipv6-in-ipv4.test
    QVERIFY(!b.contains("tcpflags"));
    QVERIFY(!b.contains("ethertype"));
}

void TstRecordEncoder::dynamicFieldsMerge()
{
    FieldRegistry r;
    std::string error;
    const int uri = r.defineFromSpec("http.uri", "kind:termfield;db:http.uri;count:true", &error);
    const int status = r.defineFromSpec("http.statuscode", "kind:integer;db:http.statuscode;count:true", &error);
    const int score = r.defineFromSpec("net.score", "kind:float;db:network.score", &error);
    const int ip = r.defineFromSpec("x.ip", "kind:ip;db:x.ip", &error);
    const int vlan = r.defineFromSpec("network.vlan.id", "kind:integer;db:network.vlan.id", &error);
    QVERIFY(uri >= 0 && status >= 0 && score >= 0 && ip >= 0 && vlan >= 0);
    Session s = tcpSession();
    s.vlans = {100};
    s.fields.addString(r.get(uri), "www.github.com/");
    s.fields.addString(r.get(uri), "www.github.com/x");
    s.fields.addInt(r.get(status), 301);
    s.fields.addFloat(r.get(score), 0.25);
    const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    s.fields.addIp(r.get(ip), v6, 16);
    s.fields.addInt(r.get(vlan), 999);   // a fake (builtin) field: nothing stored
    const QJsonObject b = encode(s, r);
    const QJsonObject http = obj(b, "http");
    QCOMPARE(http.value("uri").toArray(), QJsonArray({"www.github.com/", "www.github.com/x"}));
    QCOMPARE(http.value("uriCnt").toInt(), 2);
    QCOMPARE(http.value("statuscode").toArray(), QJsonArray({301}));
    QCOMPARE(http.value("statuscodeCnt").toInt(), 1);
    const QJsonObject net = obj(b, "network");
    QCOMPARE(net.value("score").toArray(), QJsonArray({0.25}));
    QCOMPARE(net.value("packets").toInt(), 8);   // merged into the fixed object
    QCOMPARE(obj(net, "vlan").value("id").toArray(), QJsonArray({100}));
    QVERIFY(!net.contains("scoreCnt"));
    QCOMPARE(obj(b, "x").value("ip").toArray(), QJsonArray({"2001:db8::1"}));
}

void TstRecordEncoder::nonIpSession()
{
    FieldRegistry r;
    Session s;
    s.key.family = AddressFamily::NonIp;
    s.etherType = 0x0806;
    s.dir[0].packets = 1;
    s.dir[0].macs = {{0, 1, 2, 3, 4, 5}};
    s.fields.addString(r.get(FieldRegistry::Protocol), "arp");
    const QJsonObject b = encode(s, r);
    QVERIFY(!obj(b, "source").contains("ip"));
    QVERIFY(!obj(b, "source").contains("port"));
    QCOMPARE(obj(b, "source").value("mac").toArray(), QJsonArray({"00:01:02:03:04:05"}));
    QCOMPARE(b.value("ipProtocol").toInt(), 0);
    QCOMPARE(b.value("ethertype").toInt(), 2054);
    QVERIFY(!obj(b, "network").contains("community_id"));
}

void TstRecordEncoder::communityIdOmitted_data()
{
    QTest::addColumn<int>("proto");
    QTest::addColumn<int>("portA");
    QTest::addColumn<int>("portB");
    QTest::addColumn<int>("decodeFlags");
    QTest::addColumn<bool>("keyIsTuple");
    QTest::addColumn<bool>("present");
    QTest::newRow("udp dns") << 17 << 53 << 40000 << 0 << true << true;
    // arkime_synthetic.test: a DHCP flow Arkime did not key on the client MAC has an id.
    QTest::newRow("dhcp on its 5-tuple") << 17 << 67 << 68 << 0 << true << true;
    QTest::newRow("dhcp keyed on client MAC") << 17 << 67 << 67 << 0 << false << false;
    QTest::newRow("dhcpv6 keyed on transaction id") << 17 << 547 << 547 << 0 << false << false;
    QTest::newRow("corrupt ip") << 17 << 1000 << 2000 << int(FlagCorruptIp) << true << false;
    QTest::newRow("gre") << 47 << 0 << 0 << 0 << true << false;
    QTest::newRow("sctp") << 132 << 2905 << 2905 << 0 << true << true;
}

void TstRecordEncoder::communityIdOmitted()
{
    QFETCH(int, proto);
    QFETCH(int, portA);
    QFETCH(int, portB);
    QFETCH(int, decodeFlags);
    QFETCH(bool, keyIsTuple);
    QFETCH(bool, present);
    FieldRegistry r;
    Session s = tcpSession();
    s.keyIsTuple = keyIsTuple;
    s.key.ipProtocol = uint8_t(proto);
    s.key.portA = uint16_t(portA);
    s.key.portB = uint16_t(portB);
    s.decodeFlags = uint16_t(decodeFlags);
    QCOMPARE(obj(encode(s, r), "network").contains("community_id"), present);
}

void TstRecordEncoder::packetPositionsOption()
{
    FieldRegistry r;
    Session s = tcpSession();
    s.positions = PacketPositions();
    s.positions.add(3, 24, 94);
    s.positions.add(3, 118, 90);
    s.positions.add(4, 24, 82);   // packetPos -3, 24, 118, -4, 24
    QCOMPARE(encode(s, r).value("fileId").toArray(), QJsonArray({3, 4}));
    RecordOptions off;
    off.packetPositions = false;
    const QJsonObject b = encode(s, r, nullptr, off);
    QVERIFY(!b.contains("packetPos") && !b.contains("packetLen") && !b.contains("fileId"));
}

QTEST_GUILESS_MAIN(TstRecordEncoder)
#include "tst_record_encoder.moc"

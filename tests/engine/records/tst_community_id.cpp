// Tests for communityId(): spec examples, and every network.community_id in Arkime's .test files.
#include <QtTest>

#include <arpa/inet.h>

#include "records/record_encoder.h"

using namespace luacap::engine;

class TstCommunityId : public QObject {
    Q_OBJECT
private slots:
    void specExample_data();
    void specExample();
    void notCovered();
    void arkimeTestFiles();
};

namespace {

bool parseIp(const QString &text, AddressFamily &family, uint8_t out[16])
{
    std::memset(out, 0, 16);
    if (inet_pton(AF_INET, text.toLatin1().constData(), out) == 1) {
        family = AddressFamily::V4;
        return true;
    }
    family = AddressFamily::V6;
    return inet_pton(AF_INET6, text.toLatin1().constData(), out) == 1;
}

SessionKey keyFor(const QString &src, const QString &dst, int proto, int sport, int dport, bool *srcIsA)
{
    uint8_t s[16], d[16];
    AddressFamily fs, fd;
    parseIp(src, fs, s);
    parseIp(dst, fd, d);
    SessionKey key;
    *srcIsA = makeSessionKey(fs, s, d, uint16_t(sport), uint16_t(dport), uint8_t(proto), 0, key);
    return key;
}

} // namespace

void TstCommunityId::specExample_data()
{
    QTest::addColumn<QString>("src");
    QTest::addColumn<QString>("dst");
    QTest::addColumn<int>("proto");
    QTest::addColumn<int>("sport");
    QTest::addColumn<int>("dport");
    QTest::addColumn<QString>("expected");
    // The spec README's TCP example; the value was recomputed with an independent SHA1/base64.
    QTest::newRow("tcp forward") << "128.232.110.120" << "66.35.250.204" << 6 << 34855 << 80 << "1:LQU9qZlK+B5F3KDmev6m5PMibrg=";
    QTest::newRow("tcp reverse") << "66.35.250.204" << "128.232.110.120" << 6 << 80 << 34855 << "1:LQU9qZlK+B5F3KDmev6m5PMibrg=";
}

void TstCommunityId::specExample()
{
    QFETCH(QString, src);
    QFETCH(QString, dst);
    QFETCH(int, proto);
    QFETCH(int, sport);
    QFETCH(int, dport);
    QFETCH(QString, expected);
    bool srcIsA = false;
    const SessionKey key = keyFor(src, dst, proto, sport, dport, &srcIsA);
    QCOMPARE(QString::fromStdString(communityId(key, srcIsA)), expected);
    QCOMPARE(QString::fromStdString(communityId(key, !srcIsA)), expected);   // bidirectional
}

void TstCommunityId::notCovered()
{
    bool srcIsA = false;
    QVERIFY(communityId(keyFor("10.0.0.1", "10.0.0.2", 47, 0, 0, &srcIsA), srcIsA).empty());   // GRE
    QVERIFY(communityId(keyFor("10.0.0.1", "10.0.0.2", 2, 0, 0, &srcIsA), srcIsA).empty());    // IGMP
    QVERIFY(communityId(SessionKey{}, true).empty());                                          // non-IP
    QVERIFY(!communityId(keyFor("10.0.0.1", "10.0.0.2", 50, 0, 0, &srcIsA), srcIsA).empty());  // ESP
}

// Every session in Arkime's expected output that has a community id: compute it from the
// session's own ip/port/protocol (and ICMP type/code) fields and compare.
void TstCommunityId::arkimeTestFiles()
{
    const QDir dir(QStringLiteral(LUACAP_SHARED_DIR "/pcaps/arkime"));
    const QStringList files = dir.entryList({"*.test"}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QSKIP("no Arkime .test files under " LUACAP_SHARED_DIR "/pcaps/arkime");
    int checked = 0;
    QSet<int> protocols;
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray sessions = QJsonDocument::fromJson(f.readAll()).object().value("sessions3").toArray();
        for (const QJsonValue &s : sessions) {
            const QJsonObject b = s.toObject().value("body").toObject();
            const QString expected = b.value("network").toObject().value("community_id").toString();
            if (expected.isEmpty())
                continue;
            const QJsonObject src = b.value("source").toObject(), dst = b.value("destination").toObject();
            const int proto = b.value("ipProtocol").toInt();
            bool srcIsA = false;
            const SessionKey key = keyFor(src.value("ip").toString(), dst.value("ip").toString(), proto,
                                          src.value("port").toInt(), dst.value("port").toInt(), &srcIsA);
            // .test arrays are sorted, so the first packet's ICMP type/code is one of the listed ones.
            QVector<int> types{0}, codes{0};
            const QJsonObject icmp = b.value("icmp").toObject();
            if (!icmp.isEmpty()) {
                types.clear();
                codes.clear();
                for (const QJsonValue &v : icmp.value("type").toArray()) types << v.toInt();
                for (const QJsonValue &v : icmp.value("code").toArray()) codes << v.toInt();
            }
            bool match = false;
            for (int t : types)
                for (int c : codes)
                    match = match || QString::fromStdString(communityId(key, srcIsA, uint8_t(t), uint8_t(c))) == expected;
            QVERIFY2(match, qPrintable(name + ": " + src.value("ip").toString() + " -> " + dst.value("ip").toString() +
                                       " proto " + QString::number(proto) + " expected " + expected));
            ++checked;
            protocols.insert(proto);
        }
    }
    QVERIFY(checked > 300);
    for (int p : {1, 6, 17, 50, 58, 132})
        QVERIFY2(protocols.contains(p), qPrintable(QString::number(p)));
}

QTEST_GUILESS_MAIN(TstCommunityId)
#include "tst_community_id.moc"

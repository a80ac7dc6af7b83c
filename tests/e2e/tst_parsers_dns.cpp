// End-to-end: `luacap replay` with Arkime's test config on Arkime's DNS/TLS captures; the
// dns objects, tls fields and certificates must equal Arkime's expected output.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

namespace {

const QString kDir = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/arkime/");

QString luacap()
{
    return QCoreApplication::applicationDirPath() + "/../app/luacap";
}

QString key(const QJsonObject &b)
{
    const QJsonObject s = b["source"].toObject(), d = b["destination"].toObject();
    return QString("%1:%2>%3:%4@%5").arg(s["ip"].toString()).arg(s["port"].toInt()).arg(d["ip"].toString())
        .arg(d["port"].toInt()).arg(b["firstPacket"].toVariant().toLongLong());
}

// Drops the geo/ASN/RIR members Arkime adds from databases luacap does not ship.
QJsonValue stripGeo(const QJsonValue &v)
{
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &x : v.toArray())
            out.append(stripGeo(x));
        return out;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    for (const QString &k : o.keys())
        if (k.endsWith("ASN") || k.endsWith("GEO") || k.endsWith("RIR"))
            o.remove(k);
        else
            o[k] = stripGeo(o[k]);
    return o;
}

} // namespace

class TestParsersDns : public QObject {
    Q_OBJECT
private slots:
    void matchesArkime_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("field");
        QTest::newRow("dns-mx") << "dns-mx.pcap" << "dns";
        QTest::newRow("dnssec") << "dnssec_synthetic.pcap" << "dns";
        QTest::newRow("gre-ppp-dns") << "6-4-gre-ppp-udp-4-dns.pcap" << "dns";
        QTest::newRow("synthetic dns") << "arkime_synthetic.pcap" << "dns";
        QTest::newRow("alpn-h2 tls") << "tls-alpn-h2.pcap" << "tls";
        QTest::newRow("alpn-h2 cert") << "tls-alpn-h2.pcap" << "cert";
        QTest::newRow("ssl3 tls") << "openssl-ssl3.pcap" << "tls";
        QTest::newRow("ssl3 cert") << "openssl-ssl3.pcap" << "cert";
    }
    void matchesArkime()
    {
        QFETCH(QString, capture);
        QFETCH(QString, field);
        if (!QFile::exists(kDir + capture))
            QSKIP("shared captures not present");
        QProcess p;
        p.start(luacap(), {"replay", "--threads", "1", "--stats", "none", "--config",
                           kDir + "config/config.test.ini", kDir + capture});
        QVERIFY(p.waitForFinished(120000));
        QMultiHash<QString, QJsonObject> got;
        for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.isEmpty())
                got.insert(key(o), o);
        }
        QFile f(kDir + QString(capture).replace(".pcap", ".test"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        int compared = 0;
        for (const QJsonValue &s : QJsonDocument::fromJson(f.readAll()).object()["sessions3"].toArray()) {
            const QJsonObject exp = s.toObject()["body"].toObject();
            if (!exp.contains(field) || (field == "tls" && exp["protocol"].toArray().contains("quic")))
                continue;
            if (field == "tls" && exp["protocol"].toArray().contains("dtls"))
                continue;   // DTLS is not parsed (docs/parsers/tls.md)
            const QString k = key(exp);
            QVERIFY2(got.contains(k), qPrintable(k));
            // a few Arkime sessions share endpoints and first packet: any of them may match
            QJsonValue best;
            for (const QJsonObject &g : got.values(k))
                if (best.isUndefined() || stripGeo(g[field]) == stripGeo(exp[field]))
                    best = g[field];
            QCOMPARE(stripGeo(best), stripGeo(exp[field]));
            ++compared;
        }
        QVERIFY(compared > 0);
    }
};

QTEST_GUILESS_MAIN(TestParsersDns)
#include "tst_parsers_dns.moc"

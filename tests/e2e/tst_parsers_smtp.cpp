// End-to-end: `luacap replay` with Arkime's test config on Arkime's SMTP captures (email.*,
// user and smtp tags must equal Arkime's expected output), on the generated SMTP capture, and
// on a luacap-pcapgen SMTP mix whose summary facts (email.src/dst/subject) must all appear.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kDir = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/");

QString binDir() { return QCoreApplication::applicationDirPath(); }

QList<QJsonObject> replay(const QString &pcap, bool arkimeConfig)
{
    QStringList args{"replay", "--threads", "1", "--stats", "none"};
    if (arkimeConfig)
        args << "--config" << kDir + "arkime/config/config.test.ini";
    QProcess p;
    p.start(binDir() + "/../app/luacap", args << pcap);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        qWarning("luacap failed: %s", p.readAllStandardError().constData());
    QList<QJsonObject> out;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
        if (const QJsonObject o = QJsonDocument::fromJson(line).object(); !o.isEmpty())
            out << o;
    return out;
}

// Session identity; the packet count tells apart the records Arkime writes for one session.
QString key(const QJsonObject &b)
{
    const QJsonObject s = b["source"].toObject(), d = b["destination"].toObject();
    return QString("%1:%2>%3:%4@%5/%6").arg(s["ip"].toString()).arg(s["port"].toInt()).arg(d["ip"].toString())
        .arg(d["port"].toInt()).arg(b["firstPacket"].toVariant().toLongLong()).arg(s["packets"].toInt());
}

// Arkime's .test files list set values sorted; geo/ASN/RIR come from databases luacap lacks,
// and the srcip/zeek:intel tags from plugins whose data is not shipped.
QJsonValue normalise(const QJsonValue &v)
{
    if (v.isArray()) {
        QList<QJsonValue> items;
        for (const QJsonValue &x : v.toArray())
            if (x.toString() != "srcip" && x.toString() != "zeek:intel")
                items << normalise(x);
        std::sort(items.begin(), items.end(), [](const QJsonValue &a, const QJsonValue &b) {
            return QJsonDocument(QJsonArray{a}).toJson() < QJsonDocument(QJsonArray{b}).toJson();
        });
        QJsonArray out;
        for (const QJsonValue &x : items)
            out.append(x);
        return out;
    }
    if (!v.isObject())
        return v;
    QJsonObject o = v.toObject();
    for (const QString &k : o.keys()) {
        if (k.endsWith("ASN") || k.endsWith("GEO") || k.endsWith("RIR"))
            o.remove(k);
        else
            o[k] = normalise(o[k]);
    }
    return o;
}

} // namespace

class TestParsersSmtp : public QObject {
    Q_OBJECT
private slots:
    void matchesArkime_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::newRow("data-250") << "smtp-data-250.pcap";
        QTest::newRow("moloch-bof") << "smtp-moloch-bof.pcap";
        QTest::newRow("subject-utf8-q") << "smtp-subject-utf8-q.pcap";
        QTest::newRow("synthetic") << "arkime_synthetic.pcap";
    }
    void matchesArkime()
    {
        QFETCH(QString, capture);
        if (!QFile::exists(kDir + "arkime/" + capture))
            QSKIP("shared captures not present");
        QHash<QString, QJsonObject> got;
        for (const QJsonObject &o : replay(kDir + "arkime/" + capture, true))
            got.insert(key(o), o);
        QFile f(kDir + "arkime/" + QString(capture).replace(".pcap", ".test"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        int compared = 0;
        for (const QJsonValue &s : QJsonDocument::fromJson(f.readAll()).object()["sessions3"].toArray()) {
            const QJsonObject exp = s.toObject()["body"].toObject();
            const bool smtp = exp["protocol"].toArray().contains("smtp");
            const QString k = key(exp);
            if (!got.contains(k))
                continue;   // sessions of other kinds are other tests' business
            QCOMPARE(got[k]["protocol"].toArray().contains("smtp"), smtp);   // no false positives
            if (!smtp)
                continue;
            for (const char *field : {"email", "user", "tags", "protocol"})
                QCOMPARE(normalise(got.value(k).value(QLatin1String(field))), normalise(exp.value(QLatin1String(field))));
            ++compared;
        }
        QVERIFY(compared > 0);
    }

    void generatedCapture()
    {
        const QString pcap = kDir + "generated/smtp-synthetic.pcap";
        if (!QFile::exists(pcap))
            QSKIP("shared captures not present");
        const QList<QJsonObject> records = replay(pcap, false);
        QCOMPARE(records.size(), 1);
        const QJsonObject email = records[0]["email"].toObject();
        QCOMPARE(email["src"].toArray(), QJsonArray{"alice@example.org"});
        QCOMPARE(email["dst"].toArray(), QJsonArray{"bob@example.net"});
        QCOMPARE(email["subject"].toArray(), QJsonArray{"luacap test message"});
        QCOMPARE(email["smtpHello"].toArray(), QJsonArray{"client.example.org"});
        QCOMPARE(email["id"].toArray(), QJsonArray{"test-1@example.org"});
        QCOMPARE(records[0]["tags"].toArray(), QJsonArray{"smtp:statuscode:250"});
    }

    void pcapgenMixFacts()
    {
        QTemporaryDir tmp;
        const QString pcap = tmp.filePath("smtp.pcap"), summary = tmp.filePath("summary.json");
        QProcess gen;
        gen.start(binDir() + "/../tools/pcapgen/luacap-pcapgen",
                  {"-o", pcap, "--summary", summary, "--flows", "300", "--mix", "smtp=100", "--seed", "4"});
        QVERIFY(gen.waitForFinished(120000) && gen.exitCode() == 0);
        QHash<QString, QJsonObject> got;
        for (const QJsonObject &o : replay(pcap, false)) {
            const QJsonObject s = o["source"].toObject(), d = o["destination"].toObject();
            got.insert(QString("%1:%2>%3:%4").arg(s["ip"].toString()).arg(s["port"].toInt()).arg(d["ip"].toString())
                           .arg(d["port"].toInt()), o);
        }
        QFile f(summary);
        QVERIFY(f.open(QIODevice::ReadOnly));
        int checked = 0;
        for (const QJsonValue &v : QJsonDocument::fromJson(f.readAll()).object()["flows"].toArray()) {
            const QJsonObject flow = v.toObject(), s = flow["source"].toObject(), d = flow["destination"].toObject();
            const QString k = QString("%1:%2>%3:%4").arg(s["ip"].toString()).arg(s["port"].toInt())
                                  .arg(d["ip"].toString()).arg(d["port"].toInt());
            QVERIFY2(got.contains(k), qPrintable(k));
            const QJsonObject email = got[k]["email"].toObject();
            const QJsonObject facts = flow["facts"].toObject();
            for (const QString &fact : facts.keys()) {
                const QString field = fact.mid(6);   // "email.src" -> "src"
                for (const QJsonValue &want : facts[fact].toArray())
                    QVERIFY2(email[field].toArray().contains(want), qPrintable(k + " " + fact + " " + want.toString()));
            }
            QVERIFY(got[k]["protocol"].toArray().contains("smtp"));
            ++checked;
        }
        QCOMPARE(checked, 300);
    }
};

QTEST_GUILESS_MAIN(TestParsersSmtp)
#include "tst_parsers_smtp.moc"

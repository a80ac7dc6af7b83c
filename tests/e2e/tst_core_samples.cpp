// The samples of samples/core run for real: the IOC tagger against its feed service
// (ioc_feed.py) tags exactly the listed sessions, and the channel-based SMTP parser finds the
// same MAIL FROM addresses as the built-in SMTP parser on generated mail whose lines are
// split across segments. (converters.lua and smtp_channel.lua are also `luacap test` cases.)
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/http_test_server.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
const QString kSamples = QStringLiteral(LUACAP_SOURCE_DIR "/samples/core/");

QStringList tagsOf(const QJsonObject &rec)
{
    QStringList out;
    for (const QJsonValue &v : rec.value("tags").toArray())
        out << v.toString();
    return out;
}
} // namespace

class TstCoreSamples : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(tmp_.isValid()); }
    void iocTaggerTagsListedSessions();
    void channelParserAgreesWithBuiltinSmtp();

private:
    QString pcap(const QStringList &args);
    QTemporaryDir tmp_;
};

QString TstCoreSamples::pcap(const QStringList &args)
{
    const QString path = tmp_.filePath(QString::number(qHash(args.join(' '))) + ".pcap");
    const RunResult g = runPcapgen(QStringList(args) << "-o" << path);
    return g.exitCode == 0 ? path : QString();
}

void TstCoreSamples::iocTaggerTagsListedSessions()
{
    const QString in = pcap({"--flows", "60", "--seed", "7", "--mix", "http=50,dns=50", "--ipv6", "0"});
    QVERIFY(!in.isEmpty());
    QFile list(tmp_.filePath("ioc.txt"));
    QVERIFY(list.open(QIODevice::WriteOnly));
    list.write("# address-or-cidr tag\n198.18.0.0/24 lab-servers\n10.0.0.1 first-client\n");
    list.close();
    HttpTestServer feed(kSamples + "ioc_feed.py", QStringList{list.fileName()});
    QVERIFY(feed.running());
    qputenv("IOC_FEED_PORT", feed.url().section(':', -1).toUtf8());
    qputenv("IOC_WAIT", "1");
    const RunResult r = runLuacap({"replay", "--no-parsers", "--stats", "none", "-t", "2", "--lua",
                                   kSamples + "ioc_tagger.lua", in});
    qunsetenv("IOC_WAIT");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("luacap: lua [info] ioc: loaded 2 entries from 127.0.0.1:"), r.err.constData());
    int lab = 0, first = 0;
    for (const QJsonObject &rec : parseRecords(r.out)) {
        const QStringList tags = tagsOf(rec);
        const bool inLab = valueAt(rec, "destination.ip").toString().startsWith("198.18.0.");
        const bool isFirst = valueAt(rec, "source.ip").toString() == "10.0.0.1";
        QCOMPARE(tags.contains("ioc:lab-servers"), inLab);
        QCOMPARE(tags.contains("ioc:first-client"), isFirst);
        lab += inLab;
        first += isFirst;
    }
    QVERIFY2(lab > 0 && first > 0, "the capture has sessions of both kinds");
}

void TstCoreSamples::channelParserAgreesWithBuiltinSmtp()
{
    const QString in = pcap({"--flows", "12", "--seed", "11", "--mix", "smtp=100", "--smtp-attach", "50", "--ipv6", "0"});
    QVERIFY(!in.isEmpty());
    const RunResult r = runLuacap({"replay", "--stats", "none", "--lua", kSamples + "smtp_channel.lua", in});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(!r.err.contains("lua error"), r.err.constData());
    const QList<QJsonObject> records = parseRecords(r.out);
    QCOMPARE(records.size(), 12);
    for (const QJsonObject &rec : records) {
        const QJsonValue builtin = valueAt(rec, "email.src");
        QVERIFY(builtin.isArray() && !builtin.toArray().isEmpty());
        QCOMPARE(valueAt(rec, "sample.channel.mailfrom"), builtin);
        QVERIFY(valueAt(rec, "sample.channel.commands").toArray().at(0).toInt() >= 5);
        QVERIFY(valueAt(rec, "sample.channel.bodylines").toArray().at(0).toInt() > 0);
        QVERIFY(valueAt(rec, "sample.channel.replies").toArray().at(0).toInt() >= 5);
    }
}

QTEST_GUILESS_MAIN(TstCoreSamples)
#include "tst_core_samples.moc"

// Corpus test: replays every Arkime capture in ../shared/pcaps/arkime with the real luacap and
// compares the fields the engine produces with Arkime's own expected output (.test files).
// Every difference must be listed, with its reason, in corpus/known_differences.txt (mirrored
// in docs/compat.md); a listed difference that no longer occurs fails too, so the list stays true.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include "support/arkime_expected.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {

const QString kArkimeDir = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/arkime");

// Fields compared per session (dotted paths into the sessions3 body).
const QStringList kFields = {
    "ipProtocol", "source.ip", "source.port", "destination.ip", "destination.port",
    "source.packets", "destination.packets", "source.bytes", "destination.bytes",
    "client.bytes", "server.bytes", "totDataBytes", "network.packets", "network.bytes",
    "firstPacket", "lastPacket", "tcpflags.syn", "tcpflags.syn-ack", "tcpflags.ack", "tcpflags.psh",
    "tcpflags.fin", "tcpflags.rst", "tcpflags.urg", "network.community_id", "srcPayload8", "dstPayload8",
    "srcTTL", "dstTTL",
};

QSet<QString> knownDifferences()
{
    QSet<QString> known;
    QFile f(QStringLiteral(LUACAP_SOURCE_DIR "/tests/corpus/known_differences.txt"));
    if (!f.open(QIODevice::ReadOnly))
        return known;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        known.insert(line.section(" | ", 0, 0).trimmed());
    }
    return known;
}

void compareSession(const QString &pcap, const QJsonObject &ours, const QJsonObject &theirs, QStringList &diffs)
{
    for (const QString &field : kFields) {
        const QJsonValue a = valueAt(ours, field), b = valueAt(theirs, field);
        if (text(a) != text(b))
            diffs << QString("%1 %2 %3").arg(pcap, sessionId(theirs), field);
    }
}

QStringList compareFile(const QString &pcap, const QList<QJsonObject> &ours, const QList<QJsonObject> &theirs)
{
    QStringList diffs;
    if (ours.size() != theirs.size())
        diffs << QString("%1 session-count").arg(pcap);
    QMultiMap<QString, QJsonObject> oursByKey = byPairKey(ours);
    for (const QJsonObject &t : theirs) {
        const QString k = pairKey(t);
        if (!oursByKey.contains(k)) {
            diffs << QString("%1 %2 missing").arg(pcap, sessionId(t));
            continue;
        }
        compareSession(pcap, oursByKey.take(k), t, diffs);
    }
    for (const QJsonObject &o : oursByKey)
        diffs << QString("%1 %2 extra").arg(pcap, sessionId(o));
    return diffs;
}

} // namespace

class TestArkimeCorpus : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QDir(kArkimeDir).exists())
            QSKIP("../shared/pcaps/arkime is absent: corpus comparison skipped");
    }

    void everyCaptureMatchesArkime()
    {
        const QStringList pcaps = QDir(kArkimeDir).entryList({"*.pcap"}, QDir::Files, QDir::Name);
        QVERIFY(!pcaps.isEmpty());
        const QSet<QString> known = knownDifferences();
        QSet<QString> seen;
        QStringList unexpected;
        int sessions = 0, matchedFields = 0;
        for (const QString &pcap : pcaps) {
            const QString base = pcap.chopped(5);
            RunResult r = runLuacap({"replay", "--threads", "2", "--stats", "none", "--config",
                                     kArkimeDir + "/config/config.test.ini", kArkimeDir + "/" + pcap});
            QVERIFY2(!r.crashed, qPrintable(pcap + " crashed: " + r.err));
            QVERIFY2(r.exitCode == 0, qPrintable(pcap + ": exit " + QString::number(r.exitCode) + " " + r.err));
            const QList<QJsonObject> theirs = expectedBodies(kArkimeDir + "/" + base + ".test");
            const QStringList diffs = compareFile(base, parseRecords(r.out), theirs);
            sessions += theirs.size();
            matchedFields += theirs.size() * kFields.size() - diffs.size();
            for (const QString &d : diffs) {
                seen.insert(d);
                if (!known.contains(d))
                    unexpected << d;
            }
        }
        QStringList stale;
        for (const QString &k : known) {
            if (!seen.contains(k))
                stale << k;
        }
        qInfo("corpus: %d captures, %d Arkime sessions, %d of %d compared fields agree, %lld listed differences",
              int(pcaps.size()), sessions, matchedFields, int(sessions * kFields.size()), qint64(known.size()));
        std::sort(unexpected.begin(), unexpected.end());
        std::sort(stale.begin(), stale.end());
        for (const QString &d : unexpected)
            qWarning("unexpected difference: %s", qPrintable(d));
        for (const QString &d : stale)
            qWarning("stale listed difference: %s", qPrintable(d));
        QVERIFY2(unexpected.isEmpty(), qPrintable("differences not in known_differences.txt:\n" + unexpected.join('\n')));
        QVERIFY2(stale.isEmpty(), qPrintable("listed differences that no longer occur:\n" + stale.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestArkimeCorpus)
#include "tst_arkime_corpus.moc"

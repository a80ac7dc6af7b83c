// Corpus test: every Wireshark and generated capture in ../shared/pcaps replays through the
// real luacap without error (exit 0, no error line, no crash), gives the same records for 1
// and 2 packet threads, and accounts for every packet in its stats line.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "support/run_luacap.h"

using namespace luacap::test;

class TestSharedCaptures : public QObject {
    Q_OBJECT
private slots:
    void replaysWithoutError_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *sub : {"wireshark", "generated"}) {
            const QDir d(QStringLiteral(LUACAP_SHARED_DIR "/pcaps/") + sub);
            for (const QString &f : d.entryList(QDir::Files, QDir::Name)) {
                if (!f.endsWith(".md"))
                    QTest::newRow(qPrintable(QString(sub) + "/" + f)) << d.filePath(f);
            }
        }
    }

    void replaysWithoutError()
    {
        QFETCH(QString, file);
        if (!QFile::exists(file))
            QSKIP("../shared/pcaps is absent");
        const RunResult one = runLuacap({"replay", "--threads", "1", "--stats", "json", file});
        const RunResult two = runLuacap({"replay", "--threads", "2", "--stats", "json", file});
        QVERIFY(!one.crashed && !two.crashed);
        QVERIFY2(one.exitCode == 0, one.err.constData());
        const QList<QByteArray> lines = one.err.trimmed().split('\n');
        QVERIFY2(lines.size() == 1, one.err.constData());   // only the stats line: no error, no warning
        const QJsonObject stats = QJsonDocument::fromJson(lines.last()).object();
        QVERIFY(stats.value("filesCorrupt").toInteger() == 0 && stats.value("filesTruncated").toInteger() == 0);
        QCOMPARE(one.out, two.out);
        QCOMPARE(qint64(parseRecords(one.out).size()), stats.value("records").toInteger());
    }
};

QTEST_GUILESS_MAIN(TestSharedCaptures)
#include "tst_shared_captures.moc"

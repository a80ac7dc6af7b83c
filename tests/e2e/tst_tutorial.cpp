// Runs every `sh` code block of docs/tutorial.md, in order, in one empty directory with
// luacap and luacap-pcapgen on PATH, so the tutorial cannot drift from the program; checks
// that the Lua files it writes are the ones in samples/tutorial. Main thread only.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <unistd.h>

namespace {
struct Block {
    QString script;
    bool live = false;   // ```sh live: needs root and tcpreplay (captures on lo)
};

QString tutorialText()
{
    QFile doc(QStringLiteral(LUACAP_SOURCE_DIR "/docs/tutorial.md"));
    return doc.open(QIODevice::ReadOnly) ? QString::fromUtf8(doc.readAll()) : QString();
}

QList<Block> shellBlocks()
{
    static const QRegularExpression block("```sh( live)?\\n(.*?)```", QRegularExpression::DotMatchesEverythingOption);
    QList<Block> blocks;
    for (auto it = block.globalMatch(tutorialText()); it.hasNext();) {
        const auto m = it.next();
        blocks.append({m.captured(2), !m.captured(1).isEmpty()});
    }
    return blocks;
}

QString liveSkipReason()
{
    if (geteuid() != 0)
        return QStringLiteral("the live capture step needs root (capture on lo, tcpreplay)");
    if (QStandardPaths::findExecutable("tcpreplay").isEmpty())
        return QStringLiteral("the live capture step needs tcpreplay, which is not installed");
    return {};
}

// Runs one block with bash -e -o pipefail; the failure message holds the script and its output.
bool runBlock(const QString &script, const QString &dir, QString *failure)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PATH", QFileInfo(LUACAP_BINARY).absolutePath() + ":" + QFileInfo(LUACAP_PCAPGEN).absolutePath() + ":" +
                           env.value("PATH"));
    QProcess sh;
    sh.setProcessEnvironment(env);
    sh.setWorkingDirectory(dir);
    sh.start("bash", {"-e", "-o", "pipefail", "-c", script});
    const bool finished = sh.waitForFinished(120000);
    if (!finished)
        sh.kill();
    if (finished && sh.exitStatus() == QProcess::NormalExit && sh.exitCode() == 0)
        return true;
    *failure = script + "\n---\n" + sh.readAllStandardOutput() + sh.readAllStandardError();
    return false;
}
} // namespace

class TstTutorial : public QObject {
    Q_OBJECT

private slots:
    // Every block but the live one; the live one last, skipped (with a message) only when it
    // cannot run here.
    void commandsRun()
    {
        const QList<Block> blocks = shellBlocks();
        QVERIFY(blocks.size() >= 10);
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString skip = liveSkipReason();
        bool skippedLive = false;
        for (const Block &b : blocks) {
            if (b.live && !skip.isEmpty()) {
                skippedLive = true;
                continue;
            }
            QString failure;
            QVERIFY2(runBlock(b.script, tmp.path(), &failure), qPrintable(failure));
        }
        if (skippedLive)
            QSKIP(qPrintable("every other block ran and passed; " + skip));
    }

    void hasLiveStep()
    {
        const QList<Block> blocks = shellBlocks();
        QVERIFY(std::any_of(blocks.cbegin(), blocks.cend(), [](const Block &b) { return b.live; }));
    }

    // The Lua files the tutorial writes with `cat > NAME.lua <<'LUA'` are samples/tutorial/NAME.lua.
    void samplesMatchTutorial()
    {
        static const QRegularExpression heredoc("cat > (\\S+\\.lua) <<'LUA'\\n(.*?)^LUA\\n",
                                                QRegularExpression::DotMatchesEverythingOption |
                                                    QRegularExpression::MultilineOption);
        int files = 0;
        for (auto it = heredoc.globalMatch(tutorialText()); it.hasNext(); ++files) {
            const auto m = it.next();
            QFile sample(QStringLiteral(LUACAP_SOURCE_DIR "/samples/tutorial/") + m.captured(1));
            QVERIFY2(sample.open(QIODevice::ReadOnly), qPrintable("missing samples/tutorial/" + m.captured(1)));
            QCOMPARE(QString::fromUtf8(sample.readAll()), m.captured(2));
        }
        QCOMPARE(files, 2);
    }
};

QTEST_GUILESS_MAIN(TstTutorial)
#include "tst_tutorial.moc"

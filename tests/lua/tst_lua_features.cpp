// Runs every tests/lua/cases/<feature>.lua through the real `luacap replay --lua` over a
// generated pcap and compares selected record fields and the Lua error lines with
// <feature>.expected (set LUACAP_UPDATE_EXPECTED=1 to rewrite baselines, then review them).
// Each case also runs with 1 and 2 packet threads, whose outputs must be byte-identical.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
const QString kCases = QStringLiteral(LUACAP_SOURCE_DIR "/tests/lua/cases");
const QString kSamples = QStringLiteral(LUACAP_SOURCE_DIR "/samples");

// Header lines of a case: "-- pcapgen: ARGS", "-- fields: a b c", "-- lua: extra.lua",
// "-- config: key=value;key=value" ([default] lines of a config file given with -c),
// "-- parsers: on" (run the built-in parsers, for http_on and body feeds).
QString header(const QByteArray &script, const QString &key, const QString &fallback)
{
    for (const QByteArray &line : script.split('\n')) {
        const QString l = QString::fromUtf8(line);
        if (l.startsWith("-- " + key + ": "))
            return l.mid(key.size() + 5).trimmed();
    }
    return fallback;
}

// Selected fields of every record, as "count x {json}" lines sorted, then stderr Lua lines.
QByteArray summarize(const RunResult &r, const QStringList &fields)
{
    std::map<QByteArray, int> counts;
    for (const QJsonObject &rec : parseRecords(r.out)) {
        QJsonObject picked;
        for (const QString &f : fields)
            if (!valueAt(rec, f).isUndefined())
                picked[f] = valueAt(rec, f);
        if (!picked.isEmpty())
            ++counts[QJsonDocument(picked).toJson(QJsonDocument::Compact)];
    }
    QByteArray out = "exit " + QByteArray::number(r.exitCode) + "\n";
    const auto relative = [](QByteArray line) {
        return line.replace((kCases + "/").toUtf8(), "").replace((kSamples + "/").toUtf8(), "samples/");
    };
    for (const auto &[line, n] : counts)
        out += QByteArray::number(n) + " x " + relative(line) + "\n";
    for (QByteArray line : r.err.split('\n')) {
        if (!line.startsWith("luacap: lua"))
            continue;
        out += relative(line) + "\n";
    }
    return out;
}
} // namespace

class TstLuaFeatures : public QObject {
    Q_OBJECT
private slots:
    void cases_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList luas = QDir(kCases).entryList({"*.lua"}, QDir::Files, QDir::Name);
        QVERIFY(!luas.isEmpty());
        for (const QString &f : luas)
            QTest::newRow(qPrintable(f)) << f.chopped(4);
    }

    void cases()
    {
        QFETCH(QString, name);
        QFile script(kCases + "/" + name + ".lua");
        QVERIFY(script.open(QIODevice::ReadOnly));
        const QByteArray text = script.readAll();
        QTemporaryDir tmp;
        const QString pcap = tmp.filePath("in.pcap");
        QStringList gen = header(text, "pcapgen", "--flows 60 --seed 7").split(' ', Qt::SkipEmptyParts);
        const RunResult g = runPcapgen(gen << "-o" << pcap);
        QVERIFY2(g.exitCode == 0, g.err.constData());
        // Built-in parsers off unless asked: most cases assert what the Lua API does on its own.
        QStringList args{"replay", "--stats", "none"};
        if (header(text, "parsers", "off") != "on")
            args << "--no-parsers";
        const QString config = header(text, "config", "");
        if (!config.isEmpty()) {
            QFile ini(tmp.filePath("case.ini"));
            QVERIFY(ini.open(QIODevice::WriteOnly));
            ini.write("[default]\n" + config.split(';').join('\n').toUtf8() + "\n");
            args << "-c" << ini.fileName();
        }
        for (const QString &extra : header(text, "lua", "").split(' ', Qt::SkipEmptyParts))
            args << "--lua" << (extra.startsWith("samples/") ? kSamples + extra.mid(7) : kCases + "/" + extra);
        args << "--lua" << kCases + "/" + name + ".lua";
        const RunResult one = runLuacap(QStringList(args) << "-t" << "1" << pcap);
        const RunResult two = runLuacap(QStringList(args) << "-t" << "2" << pcap);
        QVERIFY(!one.crashed && !two.crashed);
        QVERIFY2(one.out == two.out, "1 and 2 packet threads gave different records");
        QCOMPARE(summarize(two, {}), summarize(one, {}));   // same exit code and error lines
        const QStringList fields = header(text, "fields", "tags protocol").split(' ', Qt::SkipEmptyParts);
        const QByteArray actual = summarize(one, fields);
        QFile expected(kCases + "/" + name + ".expected");
        if (qEnvironmentVariableIsSet("LUACAP_UPDATE_EXPECTED")) {
            QVERIFY(expected.open(QIODevice::WriteOnly));
            expected.write(actual);
            return;
        }
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable("missing " + expected.fileName()));
        QCOMPARE(QString::fromUtf8(actual), QString::fromUtf8(expected.readAll()));
    }

    // A state whose registrations differ from the main thread's load: the packet thread
    // refuses to start, nothing is read, exit 1. The script registers a pre_save only when
    // its marker file exists, i.e. from the second load on (the first is the main thread's).
    void registrationsDifferRefuseToStart()
    {
        QTemporaryDir tmp;
        const QString pcap = tmp.filePath("in.pcap");
        QCOMPARE(runPcapgen({"--flows", "5", "-o", pcap}).exitCode, 0);
        QFile script(tmp.filePath("differ.lua"));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("local marker = '" + tmp.filePath("marker").toUtf8() + "'\n"
                     "local f = io.open(marker, 'r')\n"
                     "if f then f:close(); ArkimeSession.register_pre_save('p') end\n"
                     "io.open(marker, 'w'):close()\n"
                     "function p(session, final) end\n");
        script.close();
        const RunResult r = runLuacap({"replay", "--no-parsers", "--stats", "json", "-t", "1", "--lua",
                                       script.fileName(), pcap});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("luacap: packet thread start-up failed, nothing was read: packet thread 0: the "
                                "scripts registered differently than on the first load"),
                 r.err.constData());
        QVERIFY2(r.err.contains("\"packets\":0"), r.err.constData());
    }

    // Every failed call counts in the stats line's luaErrors (json and text).
    void luaErrorsInStats()
    {
        QTemporaryDir tmp;
        const QString pcap = tmp.filePath("in.pcap");
        QCOMPARE(runPcapgen({"--flows", "20", "--seed", "3", "--mix", "dns=100", "-o", pcap}).exitCode, 0);
        const QString script = kCases + "/misuse.lua";
        const RunResult json = runLuacap({"replay", "--no-parsers", "--stats", "json", "-t", "2", "--lua", script, pcap});
        QCOMPARE(json.exitCode, 0);
        const QList<QByteArray> lines = json.err.trimmed().split('\n');
        const QJsonObject stats = QJsonDocument::fromJson(lines.last()).object();
        // 20 DNS sessions: each pre_save runs away (budget) and the save function is missing.
        QCOMPARE(stats.value("luaErrors").toInteger(-1), qint64(40));
        const RunResult text = runLuacap({"replay", "--no-parsers", "-t", "1", "--lua", script, pcap});
        QVERIFY2(text.err.contains(" luaErrors=40 "), text.err.constData());
        const RunResult none = runLuacap({"replay", "--no-parsers", "--stats", "json", pcap});
        QVERIFY(!none.err.contains("luaErrors"));
    }
};

QTEST_GUILESS_MAIN(TstLuaFeatures)
#include "tst_lua_features.moc"

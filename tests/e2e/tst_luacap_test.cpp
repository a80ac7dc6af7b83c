// End-to-end tests of `luacap test` (issue 10): pass, fail with a readable diff, partial
// expectations, set semantics, --update, --junit, --coverage, Lua tracebacks, --trace-lua and
// `luacap replay --watch`, all on captures from luacap-pcapgen and the real luacap binary.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
// Tags every TCP payload's session; line 4 (unused) never runs, so coverage is 8 of 9 lines.
const QByteArray kDemo = "local lenField = Arkime.define_field(\"demo.len\", \"kind:integer;db:demo.len\")\n"
                         "\n"
                         "local function unused(x)\n"
                         "  return x + 1\n"
                         "end\n"
                         "\n"
                         "function demo_classify(session, data, direction)\n"
                         "  session:add_tag(\"demo\")\n"
                         "  session:add_tag(\"dir\" .. direction)\n"
                         "  session:add_int(lenField, #data)\n"
                         "end\n"
                         "\n"
                         "ArkimeSession.register_tcp_classifier(\"demo\", 0, \"\", \"demo_classify\")\n";

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QJsonObject readJson(const QString &path) { return QJsonDocument::fromJson(readFile(path)).object(); }
void writeJson(const QString &path, const QJsonObject &o) { writeFile(path, QJsonDocument(o).toJson()); }
} // namespace

class TstLuacapTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString demo(const QString &name = "demo") const { return dir_.filePath(name); }
    // The first session of the demo capture, as "tcp A:p -> B:q", and its tags.
    QString firstSession_;

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        const RunResult g = runPcapgen({"--flows", "3", "--seed", "3", "--mix", "http=100", "--ipv6", "0", "-o",
                                        demo() + ".pcap"});
        QVERIFY2(g.exitCode == 0, g.err.constData());
        QVERIFY(writeFile(demo() + ".lua", kDemo));
        const RunResult r = runLuacap({"test", "--update", demo() + ".lua"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QVERIFY(r.out.contains("UPDATED"));
        const QJsonObject e = readJson(demo() + ".expected.json");
        QCOMPARE(e.value("complete").toBool(), true);
        QCOMPARE(e.value("sessions").toArray().size(), 3);
        firstSession_ = e.value("sessions").toArray().first().toObject().value("session").toString();
        QVERIFY(firstSession_.startsWith("tcp 10.0.0.1:"));
        // Volatile fields are not written.
        QVERIFY(!e.value("sessions").toArray().first().toObject().value("fields").toObject().contains("packetPos"));
    }

    void passesAfterUpdate()
    {
        const RunResult r = runLuacap({"test", dir_.path()});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QVERIFY(r.out.contains("PASS "));
        QVERIFY(r.out.contains("1 cases: 1 passed, 0 failed"));
    }

    // A changed value fails with the session and the field named, expected vs got.
    void failsWithDiff()
    {
        QTemporaryDir tmp;
        QFile::copy(demo() + ".pcap", tmp.filePath("d.pcap"));
        QFile::copy(demo() + ".lua", tmp.filePath("d.lua"));
        QJsonObject e = readJson(demo() + ".expected.json");
        QJsonArray sessions = e.value("sessions").toArray();
        QJsonObject first = sessions[0].toObject();
        QJsonObject fields = first.value("fields").toObject();
        fields.insert("tags", QJsonArray{"demo", "dirX", "dir1"});
        fields.remove("totDataBytes");
        first.insert("fields", fields);
        sessions[0] = first;
        e.insert("sessions", sessions);
        writeJson(tmp.filePath("d.expected.json"), e);
        const RunResult r = runLuacap({"test", tmp.filePath("d.lua")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("FAIL "), r.out);
        QVERIFY2(r.out.contains("  session " + firstSession_.toUtf8() + " (firstPacket "), r.out);
        QVERIFY2(r.out.contains("    tags: expected [\"demo\",\"dirX\",\"dir1\"], got [\"demo\",\"dir0\",\"dir1\"] "
                                "(missing [\"dirX\"], extra [\"dir0\"])"), r.out);
        QVERIFY2(r.out.contains("    totDataBytes: not expected, got "), r.out);
        QVERIFY(r.out.contains("1 cases: 0 passed, 1 failed"));
    }

    void partial_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<bool>("passes");
        QTest::addColumn<QByteArray>("message");
        const QByteArray s = firstSession_.toUtf8();
        QTest::newRow("by 5-tuple") << "{\"session\": \"" + s + "\", \"fields\": {\"tags\": [\"demo\", \"dir0\", \"dir1\"]}}"
                                    << true << QByteArray();
        QTest::newRow("by field value, count") << QByteArray("{\"select\": {\"tags\": \"demo\"}, \"count\": 3}") << true
                                               << QByteArray();
        QTest::newRow("count mismatch") << QByteArray("{\"select\": {\"tags\": \"demo\"}, \"count\": 2}") << false
                                        << QByteArray("expected 2 sessions matching {\"select\":{\"tags\":\"demo\"}}, got 3");
        QTest::newRow("no match") << QByteArray("{\"select\": {\"tags\": \"nope\"}}") << false
                                  << QByteArray("no session matches {\"select\":{\"tags\":\"nope\"}}");
        QTest::newRow("absent field") << QByteArray("{\"select\": {\"protocol\": \"http\"}, \"fields\": {\"no.such\": null}}")
                                      << true << QByteArray();
        QTest::newRow("absent but present")
            << QByteArray("{\"select\": {\"protocol\": \"http\"}, \"fields\": {\"demo.len\": null}}") << false
            << QByteArray("demo.len: expected absent, got [");
        QTest::newRow("nested spelling") << "{\"session\": \"" + s + "\", \"fields\": {\"tcpflags\": {\"syn\": 1}}}"
                                         << true << QByteArray();
        QTest::newRow("wrong value") << "{\"session\": \"" + s + "\", \"fields\": {\"tcpflags.syn\": 2}}" << false
                                     << QByteArray("tcpflags.syn: expected 2, got 1");
    }

    void partial()
    {
        QFETCH(QByteArray, entry);
        QFETCH(bool, passes);
        QFETCH(QByteArray, message);
        QTemporaryDir tmp;
        QFile::copy(demo() + ".pcap", tmp.filePath("p.pcap"));
        QFile::copy(demo() + ".lua", tmp.filePath("p.lua"));
        QVERIFY(writeFile(tmp.filePath("p.expected.json"), "{\"sessions\": [" + entry + "]}"));
        const RunResult r = runLuacap({"test", tmp.path()});
        QCOMPARE(r.exitCode, passes ? 0 : 1);
        QVERIFY2(r.out.contains(message), r.out);
    }

    // Arrays are sets: another order passes, a missing element does not.
    void setSemantics_data()
    {
        QTest::addColumn<QByteArray>("tags");
        QTest::addColumn<bool>("passes");
        QTest::newRow("same order") << QByteArray("[\"demo\", \"dir0\", \"dir1\"]") << true;
        QTest::newRow("other order") << QByteArray("[\"dir1\", \"demo\", \"dir0\"]") << true;
        QTest::newRow("missing one") << QByteArray("[\"demo\", \"dir0\"]") << false;
        QTest::newRow("one extra") << QByteArray("[\"demo\", \"dir0\", \"dir1\", \"x\"]") << false;
    }

    void setSemantics()
    {
        QFETCH(QByteArray, tags);
        QFETCH(bool, passes);
        QTemporaryDir tmp;
        QFile::copy(demo() + ".pcap", tmp.filePath("s.pcap"));
        QFile::copy(demo() + ".lua", tmp.filePath("s.lua"));
        QVERIFY(writeFile(tmp.filePath("s.expected.json"),
                          "{\"sessions\": [{\"session\": \"" + firstSession_.toUtf8() + "\", \"fields\": {\"tags\": " +
                              tags + "}}]}"));
        QCOMPARE(runLuacap({"test", tmp.path()}).exitCode, passes ? 0 : 1);
    }

    // --update on a partial expectation refreshes the asserted values and keeps it partial.
    void updatePartial()
    {
        QTemporaryDir tmp;
        QFile::copy(demo() + ".pcap", tmp.filePath("u.pcap"));
        QFile::copy(demo() + ".lua", tmp.filePath("u.lua"));
        QVERIFY(writeFile(tmp.filePath("u.expected.json"),
                          "{\"sessions\": [{\"session\": \"" + firstSession_.toUtf8() +
                              "\", \"fields\": {\"tags\": [\"old\"], \"tcpflags.syn\": 7}}]}"));
        QCOMPARE(runLuacap({"test", tmp.path()}).exitCode, 1);
        QCOMPARE(runLuacap({"test", "--update", tmp.path()}).exitCode, 0);
        const QJsonObject e = readJson(tmp.filePath("u.expected.json"));
        QVERIFY(!e.value("complete").toBool());
        const QJsonObject fields = e.value("sessions").toArray().first().toObject().value("fields").toObject();
        QCOMPARE(fields.keys(), QStringList({"tags", "tcpflags.syn"}));
        QCOMPARE(fields.value("tcpflags.syn").toInt(), 1);
        QCOMPARE(fields.value("tags").toArray().size(), 3);
        QCOMPARE(runLuacap({"test", tmp.path()}).exitCode, 0);
    }

    // A manifest with a pcapgen line, a failing case beside it, and a JUnit report to parse.
    void manifestAndJunit()
    {
        QTemporaryDir tmp;
        QFile::copy(demo() + ".lua", tmp.filePath("a.lua"));
        QVERIFY(writeFile(tmp.filePath("a.case.json"),
                          "{\"pcapgen\": [\"--flows\", \"3\", \"--seed\", \"3\", \"--mix\", \"http=100\", \"--ipv6\", \"0\"],"
                          " \"lua\": [\"a.lua\"]}"));
        QFile::copy(demo() + ".expected.json", tmp.filePath("a.expected.json"));
        QFile::copy(demo() + ".pcap", tmp.filePath("b.pcap"));
        QFile::copy(demo() + ".lua", tmp.filePath("b.lua"));
        QVERIFY(writeFile(tmp.filePath("b.expected.json"), "{\"sessions\": [{\"select\": {\"tags\": \"nope\"}}]}"));
        const QString junit = tmp.filePath("report.xml");
        const RunResult r = runLuacap({"test", "--jobs", "2", "--junit", junit, tmp.path()});
        QCOMPARE(r.exitCode, 1);
        // Report order is discovery order, whatever finished first.
        QVERIFY2(r.out.indexOf("PASS ") < r.out.indexOf("FAIL "), r.out);
        QFile f(junit);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QStringList testcases, failures;
        QString suiteTests, suiteFailures;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == u"testsuite") {
                suiteTests = xml.attributes().value("tests").toString();
                suiteFailures = xml.attributes().value("failures").toString();
            } else if (xml.name() == u"testcase") {
                testcases << xml.attributes().value("name").toString();
            } else if (xml.name() == u"failure") {
                failures << xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(suiteTests, QString("2"));
        QCOMPARE(suiteFailures, QString("1"));
        QCOMPARE(testcases.size(), 2);
        QVERIFY(testcases[0].endsWith("/a") && testcases[1].endsWith("/b"));
        QCOMPARE(failures.size(), 1);
        QVERIFY(failures[0].contains("no session matches"));
    }

    void coverage()
    {
        const QString lcov = dir_.filePath("cov.info");
        const RunResult r = runLuacap({"test", "--coverage-lcov", lcov, demo() + ".lua"});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        // Lines with code: 1, 3, 4, 7, 8, 9, 10, 11 (closure of demo_classify), 13; line 4 never runs.
        QVERIFY2(r.out.contains("demo.lua: 8/9 lines (88.9%); not run: 4\n"), r.out);
        const QByteArray info = readFile(lcov);
        QVERIFY(info.contains("SF:" + QFileInfo(demo() + ".lua").absoluteFilePath().toUtf8() + "\n"));
        QVERIFY2(info.contains("DA:4,0\n"), info);
        QVERIFY2(info.contains("DA:8,6\n"), info);   // 3 sessions x 2 directions
        QVERIFY(info.contains("LF:9\nLH:8\nend_of_record\n"));
    }

    // A Lua error names the callback, the session and the stack into the user's file.
    void traceback()
    {
        const QString script = dir_.filePath("err.lua");
        QVERIFY(writeFile(script, "local function helper(session)\n"
                                  "  error(\"boom\")\n"
                                  "end\n"
                                  "\n"
                                  "function err_save(session, final)\n"
                                  "  helper(session)\n"
                                  "end\n"
                                  "\n"
                                  "ArkimeSession.register_save(\"err_save\")\n"));
        const RunResult r = runLuacap({"replay", "--threads", "2", "--stats", "none", "--lua", script, demo() + ".pcap"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("luacap: lua error: function 'err_save' at " + script.toUtf8() + ":2: boom (3 times)\n"),
                 r.err);
        // The earliest session is named, whatever the thread count.
        QVERIFY2(r.err.contains("    in session tcp 10.0.0.1:1222 -> 198.18.0.217:80, packet 43 of the session\n"), r.err);
        QVERIFY(r.err.contains("    stack traceback:\n"));
        QVERIFY2(r.err.contains(script.toUtf8() + ":2: in function 'helper'"), r.err);
        QVERIFY(r.err.contains(script.toUtf8() + ":6: in function <" + script.toUtf8() + ":5>"));
    }

    void traceLua()
    {
        const RunResult r = runLuacap({"replay", "--threads", "1", "--stats", "none", "--trace-lua", "--lua",
                                       demo() + ".lua", demo() + ".pcap"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("lua call demo_classify(userdata, string[187] \"GET /bpiwjrowk/l\"..., 0) "
                                "in session tcp 10.0.0.1:1222 -> 198.18.0.217:80, packet 4 of the session\n"),
                 r.err);
        QCOMPARE(r.err.count("lua call demo_classify("), 6);
    }

    // --watch replays again when the script is replaced (as editors save: write + rename).
    void watch()
    {
        QTemporaryDir tmp;
        const QString script = tmp.filePath("w.lua");
        QVERIFY(writeFile(script, kDemo));
        QProcess p;
        p.start(QStringLiteral(LUACAP_BINARY),
                {"replay", "--watch", "--threads", "1", "--stats", "none", "--lua", script, demo() + ".pcap"});
        QVERIFY(p.waitForStarted());
        QByteArray err, out;
        const auto waitFor = [&](const QByteArray &text, int count) {
            QElapsedTimer t;
            t.start();
            while (err.count(text) < count && t.elapsed() < 20000) {
                p.waitForReadyRead(200);
                err += p.readAllStandardError();
                out += p.readAllStandardOutput();
            }
            return err.count(text) >= count;
        };
        QVERIFY2(waitFor("watching", 1), err);
        QCOMPARE(out.count("\"dir0\""), 3);
        QByteArray changed = kDemo;
        changed.replace("\"dir\" .. direction", "\"side\" .. direction");
        QVERIFY(writeFile(tmp.filePath("w.lua.new"), changed));
        QVERIFY(::rename(qPrintable(tmp.filePath("w.lua.new")), qPrintable(script)) == 0);
        QVERIFY2(waitFor("watching", 2), err);
        QVERIFY2(err.contains("w.lua changed, replaying"), err);
        QCOMPARE(out.count("\"side0\""), 3);
        // Still watching after the replace: an in-place write triggers a third run.
        QVERIFY(writeFile(script, kDemo));
        QVERIFY2(waitFor("watching", 3), err);
        p.kill();
        p.waitForFinished();
    }
};

QTEST_GUILESS_MAIN(TstLuacapTest)
#include "tst_luacap_test.moc"

// End-to-end tests of ArkimeHttpService: the real `luacap replay` runs a pre_save script that
// asks a real HTTP(S) server on loopback (tests/support/http_test_server.py) and tags each
// session from the answer. Every outcome is read back from the records and the stats line.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/http_test_server.h"
#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
// One request per session at its final save; the callback tags code and body, then lets the
// record go. A refused request (maxRequests) is tagged "rejected".
const char kAskScript[] = R"(
local svc = ArkimeHttpService.new("%HOSTS%", %CONNS%, %MAXREQ%, %OPTS%)
function ask_pre_save(session, final)
  if not final then return end
  session:incr_outstanding()
  local ok = svc:request("%METHOD%", "%PATH%", "%DATA%", function(code, body)
    session:add_tag("code-" .. code)
    session:add_tag("len-" .. #body)
    session:add_tag("body-" .. string.sub(body, 1, 24))
    session:decr_outstanding()
  end)
  if not ok then
    session:add_tag("rejected")
    session:decr_outstanding()
  end
end
ArkimeSession.register_pre_save("ask_pre_save")
)";

// Asks without holding the session: the answer comes after the record was written.
const char kLateScript[] = R"(
local svc = ArkimeHttpService.new("%HOSTS%", 2, 1000)
function late_pre_save(session, final)
  if not final then return end
  svc:request("GET", "/ok/late", "", function(code, body)
    local ok = pcall(function() session:add_tag("late") end)
    if not ok and code == 200 then answered_without_session = true end
  end)
end
ArkimeSession.register_pre_save("late_pre_save")
)";

QStringList tagsOf(const QJsonObject &record)
{
    QStringList tags;
    for (const QJsonValue &v : record.value("tags").toArray())
        tags << v.toString();
    return tags;
}

QJsonObject statsOf(const QByteArray &err)
{
    for (const QByteArray &line : err.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.contains("records"))
            return o;
    }
    return {};
}
} // namespace

class TestHttpService : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString smallPcap_, bigPcap_, cert_, key_;
    std::unique_ptr<HttpTestServer> http_, https_;

    QString writeScript(const QString &name, QString text, const QMap<QString, QString> &vars)
    {
        for (auto it = vars.begin(); it != vars.end(); ++it)
            text.replace("%" + it.key() + "%", it.value());
        const QString path = dir_.filePath(name);
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(text.toUtf8());
        return path;
    }

    QString askScript(const QString &hosts, const QString &path, const QString &opts = "nil", int maxRequests = 100000,
                      const QString &method = "GET", const QString &data = "")
    {
        return writeScript("ask.lua", kAskScript,
                           {{"HOSTS", hosts}, {"CONNS", "4"}, {"MAXREQ", QString::number(maxRequests)},
                            {"OPTS", opts}, {"METHOD", method}, {"PATH", path}, {"DATA", data}});
    }

    RunResult replay(const QString &script, const QString &pcap, int threads, const QString &config = {})
    {
        QStringList args{"replay", "--threads", QString::number(threads), "--stats", "json", "--lua", script};
        if (!config.isEmpty()) {
            const QString path = dir_.filePath("luacap.ini");
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write("[default]\n" + config.toUtf8() + "\n");
            f.close();
            args << "--config" << path;
        }
        return runLuacap(args << pcap);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        // luacap runs under LeakSanitizer in sanitizer builds: OpenSSL's per-thread state on
        // Qt's network thread is not ours to free (tests/support/lsan_openssl.supp says why).
        qputenv("LSAN_OPTIONS", "suppressions=" LUACAP_SOURCE_DIR "/tests/support/lsan_openssl.supp");
        smallPcap_ = dir_.filePath("small.pcap");
        bigPcap_ = dir_.filePath("big.pcap");
        QCOMPARE(runPcapgen({"-o", smallPcap_, "--flows", "12", "--seed", "5"}).exitCode, 0);
        QCOMPARE(runPcapgen({"-o", bigPcap_, "--flows", "1000", "--seed", "6"}).exitCode, 0);
        cert_ = dir_.filePath("cert.pem");
        key_ = dir_.filePath("key.pem");
        const RunResult ssl = runProgram("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                     "-keyout", key_, "-out", cert_});
        QVERIFY2(ssl.exitCode == 0, ssl.err.constData());
        http_ = std::make_unique<HttpTestServer>();
        https_ = std::make_unique<HttpTestServer>(cert_, key_);
        QVERIFY2(http_->running() && https_->running(), "python3 test server did not start");
    }

    // Every session of the run ends with the same answer: the tags say which.
    void outcomes_data()
    {
        QTest::addColumn<QString>("hosts");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("opts");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("bodyPrefix");   // for error texts that vary in detail
        const QString http = "HTTP", https = "HTTPS";
        QTest::newRow("success") << http << "/ok/x" << "nil" << QStringList{"code-200", "len-4", "body-ok x"} << "";
        QTest::newRow("404") << http << "/status/404" << "nil"
                             << QStringList{"code-404", "len-10", "body-status 404"} << "";
        QTest::newRow("500") << http << "/status/500" << "nil"
                             << QStringList{"code-500", "len-10", "body-status 500"} << "";
        QTest::newRow("1 MB body") << http << "/big" << "nil" << QStringList{"code-200", "len-1048576"} << "";
        QTest::newRow("slow reply") << http << "/slow/150" << "nil" << QStringList{"code-200", "body-slow"} << "";
        QTest::newRow("timeout") << http << "/slow/3000" << "{timeout = 0.3}"
                                 << QStringList{"code-0", "body-timeout after 300 ms"} << "";
        QTest::newRow("refused") << "DEAD" << "/ok/x" << "nil" << QStringList{"code-0"} << "body-Connection refused";
        QTest::newRow("https with CA file") << https << "/ok/tls" << "{caFile = \"CERT\"}"
                                            << QStringList{"code-200", "body-ok tls"} << "";
        QTest::newRow("https untrusted") << https << "/ok/tls" << "nil" << QStringList{"code-0"} << "body-";
        QTest::newRow("https insecure") << https << "/ok/tls" << "{insecure = true}"
                                        << QStringList{"code-200", "body-ok tls"} << "";
        QTest::newRow("dead and live host") << "DEAD,HTTP" << "/ok/x" << "nil"
                                            << QStringList{"code-200", "body-ok x"} << "";
    }

    void outcomes()
    {
        QFETCH(QString, hosts);
        QFETCH(QString, path);
        QFETCH(QString, opts);
        QFETCH(QStringList, expected);
        QFETCH(QString, bodyPrefix);
        hosts.replace("DEAD", HttpTestServer::deadUrl()).replace("HTTPS", https_->url()).replace("HTTP", http_->url());
        opts.replace("CERT", cert_);
        const RunResult r = replay(askScript(hosts, path, opts), smallPcap_, 1);
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(records.size(), 12);
        for (const QJsonObject &rec : records) {
            const QStringList tags = tagsOf(rec);
            for (const QString &t : expected)
                QVERIFY2(tags.contains(t), qPrintable(tags.join(',') + " lacks " + t));
            QVERIFY(!tags.contains("outstanding-timeout"));
            if (!bodyPrefix.isEmpty()) {
                const QStringList bodies = tags.filter(QRegularExpression("^body-"));
                QVERIFY2(bodies.size() == 1 && bodies.front().startsWith(bodyPrefix), qPrintable(tags.join(',')));
            }
        }
        const QJsonObject stats = statsOf(r.err);
        QCOMPARE(stats.value("httpRequests").toInteger(), 12);
        QCOMPARE(stats.value("httpCallbacks").toInteger(), 12);
        QCOMPARE(stats.value("httpFailures").toInteger(), expected.contains("code-0") ? 12 : 0);
        QCOMPARE(stats.value("luaErrors").toInteger(), 0);
        if (hosts.contains(','))
            QVERIFY(stats.value("httpRetries").toInteger() >= 1);   // the dead host was tried, then rested
    }

    // The config file's defaults for every service: caTrustFile (Arkime's key), httpInsecure,
    // httpTimeout; a script's options table still wins.
    void configDefaults_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("opts");
        QTest::addColumn<QString>("expected");
        QTest::newRow("caTrustFile") << "caTrustFile=CERT" << "/ok/tls" << "nil" << "body-ok tls";
        QTest::newRow("httpInsecure") << "httpInsecure=true" << "/ok/tls" << "nil" << "body-ok tls";
        QTest::newRow("script overrides") << "httpInsecure=true" << "/ok/tls" << "{insecure = false}" << "code-0";
        QTest::newRow("httpTimeout") << "httpTimeout=1\ncaTrustFile=CERT" << "/slow/3000" << "nil"
                                     << "body-timeout after 1000 ms";
    }

    void configDefaults()
    {
        QFETCH(QString, config);
        QFETCH(QString, path);
        QFETCH(QString, opts);
        QFETCH(QString, expected);
        config.replace("CERT", cert_);
        const RunResult r = replay(askScript(https_->url(), path, opts), smallPcap_, 1, config);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(records.size(), 12);
        for (const QJsonObject &rec : records)
            QVERIFY2(tagsOf(rec).contains(expected), qPrintable(tagsOf(rec).join(',')));
    }

    // POST sends the data; the server echoes method and body.
    void postData()
    {
        const RunResult r = replay(askScript(http_->url(), "/echo", "nil", 100000, "POST", "hello"), smallPcap_, 1);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QJsonObject &rec : parseRecords(r.out))
            QVERIFY(tagsOf(rec).contains("body-POST hello"));
    }

    // 1,000 sessions, at most 3 requests out at once per packet thread: each session is either
    // answered or rejected at once, and the stats count both.
    void maxRequests()
    {
        const RunResult r = replay(askScript(http_->url(), "/ok/m", "nil", 3), bigPcap_, 2);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(records.size(), 1000);
        int answered = 0, rejected = 0;
        for (const QJsonObject &rec : records) {
            const QStringList tags = tagsOf(rec);
            answered += tags.contains("code-200");
            rejected += tags.contains("rejected");
            QVERIFY(tags.contains("code-200") != tags.contains("rejected"));
        }
        const QJsonObject stats = statsOf(r.err);
        QCOMPARE(answered + rejected, 1000);
        QVERIFY(rejected > 0 && answered >= 3);
        QCOMPARE(stats.value("httpRejected").toInteger(), rejected);
        QCOMPARE(stats.value("httpCallbacks").toInteger(), answered);
    }

    // A deterministic service gives byte-identical records for 1 and 2 packet threads.
    void deterministicAcrossThreads()
    {
        const QString script = writeScript("rep.lua", R"(
local svc = ArkimeHttpService.new("%HOSTS%", 8, 100000)
function rep_pre_save(session, final)
  if not final or not session.dstIp then return end
  session:incr_outstanding()
  svc:request("GET", "/rep/" .. session.dstIp, "", function(code, body)
    session:add_tag("rep-" .. body)
    session:decr_outstanding()
  end)
end
ArkimeSession.register_pre_save("rep_pre_save")
)", {{"HOSTS", http_->url()}});
        const RunResult one = replay(script, bigPcap_, 1);
        const RunResult two = replay(script, bigPcap_, 2);
        QVERIFY2(one.exitCode == 0 && two.exitCode == 0, (one.err + two.err).constData());
        QVERIFY(one.out.contains("rep-bad") && one.out.contains("rep-good"));
        QVERIFY(!one.out.contains("outstanding-timeout"));
        QCOMPARE(two.out, one.out);
    }

    // A request whose session was written meanwhile still gets its one callback, without a
    // session (the handle stays dead), and is counted.
    void callbackWithoutSession()
    {
        const QString script = writeScript("late.lua", kLateScript, {{"HOSTS", http_->url()}});
        const RunResult r = replay(script, smallPcap_, 1);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains("late"));
        const QJsonObject stats = statsOf(r.err);
        QCOMPARE(stats.value("httpCallbacks").toInteger(), 12);
        QCOMPARE(stats.value("httpCallbacksWithoutSession").toInteger(), 12);
    }

    // No wall-clock wait allowed: the held sessions are written at once, tagged
    // outstanding-timeout, and the late answers are dropped (never a crash, never a callback
    // into a state that is gone).
    void noWallWait()
    {
        const RunResult r = replay(askScript(http_->url(), "/slow/500"), smallPcap_, 2, "outstandingWallWait=0");
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        const QList<QJsonObject> records = parseRecords(r.out);
        QCOMPARE(records.size(), 12);
        for (const QJsonObject &rec : records)
            QVERIFY(tagsOf(rec).contains("outstanding-timeout"));
        QCOMPARE(statsOf(r.err).value("httpCallbacks").toInteger(), 0);
    }

    // The sample enricher against the sample service: every session with a destination
    // address gets exactly one verdict, the same for 1 and 2 packet threads.
    void sampleEnricher()
    {
        HttpTestServer service(QStringLiteral(LUACAP_SOURCE_DIR "/samples/arkime/reputation_service.py"),
                               {"--port", "0"});
        QVERIFY(service.running());
        qputenv("REPUTATION_URL", service.url().toUtf8());
        const QString script = QStringLiteral(LUACAP_SOURCE_DIR "/samples/arkime/reputation_enricher.lua");
        const RunResult one = replay(script, bigPcap_, 1);
        const RunResult two = replay(script, bigPcap_, 2);
        qunsetenv("REPUTATION_URL");
        QVERIFY2(one.exitCode == 0 && two.exitCode == 0, (one.err + two.err).constData());
        QCOMPARE(two.out, one.out);
        QMap<QString, int> verdicts;
        for (const QJsonObject &rec : parseRecords(one.out)) {
            QStringList found;
            for (const QString &t : tagsOf(rec))
                if (t.startsWith("reputation:"))
                    found << t;
            QCOMPARE(found.size(), 1);
            ++verdicts[found.front()];
        }
        QVERIFY(verdicts.value("reputation:bad") > 0 && verdicts.value("reputation:good") > 0);
        QCOMPARE(verdicts.value("reputation:unavailable"), 0);
    }

    void misuse_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("error");
        QTest::newRow("bad url") << "ArkimeHttpService.new('ftp://x', 1, 1)"
                                 << "ArkimeHttpService.new: 'ftp://x' is not an http:// or https:// URL";
        QTest::newRow("connections") << "ArkimeHttpService.new('http://127.0.0.1:1', 0, 1)"
                                     << "maxConnections must be 1..1000";
        QTest::newRow("request while loading")
            << "ArkimeHttpService.new('http://127.0.0.1:1', 1, 1):request('GET', '/', '', print)"
            << "ArkimeHttpService:request may not be called while a script loads";
    }

    void misuse()
    {
        QFETCH(QString, script);
        QFETCH(QString, error);
        const RunResult r = replay(writeScript("misuse.lua", script, {}), smallPcap_, 1);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(error.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHttpService)
#include "tst_http_service.moc"

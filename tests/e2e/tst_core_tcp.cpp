// core.tcp() sockets and ArkimeHttpService in tasks, through the real `luacap replay` against
// real loopback servers (tests/support/tcp_test_server.py, plain and TLS with a self-signed
// certificate; tests/support/http_test_server.py):
// each row's task body runs once, its result travels through a shared map to the single
// session's pre_save, which tags it; LuaSocket's return conventions are asserted exactly.
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

#include "support/http_test_server.h"
#include "support/run_luacap.h"

using namespace luacap::test;

class TstCoreTcp : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void socketInTask_data();
    void socketInTask();

private:
    QString runTask(const QByteArray &body, QByteArray *err);

    QTemporaryDir tmp_;
    QString pcap_, cert_, key_;
    std::unique_ptr<HttpTestServer> plain_, tls_, http_;
};

void TstCoreTcp::initTestCase()
{
    QVERIFY(tmp_.isValid());
    qputenv("LSAN_OPTIONS", "suppressions=" LUACAP_SOURCE_DIR "/tests/support/lsan_openssl.supp");
    pcap_ = tmp_.filePath("one.pcap");
    const RunResult g = runPcapgen({"--flows", "1", "--seed", "3", "--mix", "dns=100", "-o", pcap_});
    QVERIFY2(g.exitCode == 0, g.err.constData());
    cert_ = tmp_.filePath("cert.pem");
    key_ = tmp_.filePath("key.pem");
    const RunResult ssl = runProgram("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                                                 "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                                 "-keyout", key_, "-out", cert_});
    QVERIFY2(ssl.exitCode == 0, ssl.err.constData());
    const QString script = QStringLiteral(LUACAP_SOURCE_DIR "/tests/support/tcp_test_server.py");
    plain_ = std::make_unique<HttpTestServer>(script, QStringList{});
    tls_ = std::make_unique<HttpTestServer>(script, QStringList{"--tls", cert_, key_});
    QVERIFY2(plain_->running() && tls_->running(), "python3 tcp_test_server.py did not start");
    http_ = std::make_unique<HttpTestServer>();
    QVERIFY2(http_->running(), "python3 http_test_server.py did not start");
}

// The task runs body (a function body returning a string); the session's tag is its result.
QString TstCoreTcp::runTask(const QByteArray &body, QByteArray *err)
{
    const QByteArray script = R"(
local out = Map.new("out", Map._str)
core.register_task(function()
  local ok, r = pcall(function() )" + body + R"( end)
  core.set_map("out", "r", ok and tostring(r) or ("error: " .. tostring(r)))
  core.set_map("out", "done", "1")
end)
function pre(session, final)
  while out:lookup("done") == nil do end
  session:add_tag(out:lookup("r"))
end
ArkimeSession.register_pre_save("pre")
)";
    QFile f(tmp_.filePath("task.lua"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(script);
    f.close();
    const RunResult r = runLuacap({"replay", "--no-parsers", "--stats", "none", "-t", "1", "--lua", f.fileName(), pcap_});
    *err = r.err;
    const QList<QJsonObject> records = parseRecords(r.out);
    if (r.exitCode != 0 || records.size() != 1)
        return QStringLiteral("exit %1, %2 records").arg(r.exitCode).arg(records.size());
    return records[0].value("tags").toArray().at(0).toString().replace(tmp_.path() + "/", "");
}

void TstCoreTcp::socketInTask_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("expected");   // a trailing "*" compares the prefix only
    const QByteArray open = "local s = core.tcp(); assert(s:connect('127.0.0.1', PORT) == 1); ";
    QTest::newRow("lines, CR dropped") << open + "s:send('lines\\n'); local a = s:receive('*l'); return a .. '|' .. s:receive()"
                                       << "alpha|beta";
    QTest::newRow("*a until the peer closes")
        << open + "s:send('all\\n'); local d = s:receive('*a'); return #d .. ':' .. d:sub(1, 12)" << "5000:012345678901";
    QTest::newRow("byte counts across chunks, prefix")
        << open + "s:send('bytes\\n'); local a = s:receive(4); return a .. '|' .. s:receive(10, 'pre-')"
        << "0123|pre-456789abcd";
    QTest::newRow("send i j") << open + "return s:send('xlines\\nyy', 2, 7) .. '|' .. s:receive()" << "7|alpha";
    QTest::newRow("timeout, nothing received")
        << open + "s:send('silent\\n'); s:settimeout(0.2); local r, e, p = s:receive('*l'); return tostring(r) .. '|' .. e .. '|' .. p"
        << "nil|timeout|";
    QTest::newRow("timeout keeps the partial result")
        << open + "s:send('bytes\\n'); s:settimeout(0.3); local r, e, p = s:receive(100, '>'); return tostring(r) .. '|' .. e .. '|' .. p"
        << "nil|timeout|>0123456789abcdef";
    QTest::newRow("peer closes mid-line")
        << open + "s:send('half\\n'); local r, e, p = s:receive(); return tostring(r) .. '|' .. e .. '|' .. p"
        << "nil|closed|no newline here";
    QTest::newRow("connection refused")
        << QByteArray("local s = core.tcp(); local r, e = s:connect('127.0.0.1', DEAD); return tostring(r) .. '|' .. e")
        << "nil|connection refused";
    QTest::newRow("names") << open + "local ip, port = s:getpeername(); local lip, lport = s:getsockname(); "
                                     "return ip .. ' ' .. (port == PORT and 'same' or port) .. ' ' .. lip .. ' ' .. tostring(lport > 0)"
                           << "127.0.0.1 same 127.0.0.1 true";
    QTest::newRow("closed by us") << open + "s:close(); local r, e = s:receive(); local n, e2, last = s:send('x'); "
                                            "return tostring(r) .. '|' .. e .. '|' .. tostring(n) .. '|' .. e2 .. '|' .. last"
                                  << "nil|closed|nil|closed|0";
    const QByteArray tls = "local s = core.tcp(); local ok, e = s:connect_ssl('127.0.0.1', TLSPORT, OPTS); "
                           "if not ok then return 'nil|' .. e end; s:send('lines\\n'); return s:receive()";
    QTest::newRow("tls insecure") << QByteArray(tls).replace("OPTS", "{insecure = true}") << "alpha";
    QTest::newRow("tls caFile") << QByteArray(tls).replace("OPTS", "{caFile = 'CERT'}") << "alpha";
    QTest::newRow("tls untrusted") << QByteArray(tls).replace("OPTS", "nil") << "nil|ssl handshake failed: *";
    // ArkimeHttpService from a task: the callback runs on the main thread in task context and
    // the task waits for what it set.
    const QByteArray http = "local svc = ArkimeHttpService.new('@SVC@', 1, 4); local got; "
                            "assert(svc:request('GET', PATH, '', function(code, body) "
                            "got = code .. ' ' .. body .. ' ' .. tostring(pcall(core.msleep, 1)) end)); "
                            "while not got do core.msleep(5) end; return got";
    QTest::newRow("http service in a task")
        << QByteArray(http).replace("PATH", "'/ok/task'") << "200 ok task false";
    QTest::newRow("http service in a task, status")
        << QByteArray(http).replace("PATH", "'/status/503'") << "503 status 503 false";
    QTest::newRow("http service in a task, refused")
        << QByteArray(http).replace("PATH", "'/ok/x'").replace("@SVC@", "@NOSVC@") << "0 *";
    QTest::newRow("bad pattern") << open + "return s:receive('*x')"
                                 << "error: task.lua:4: bad argument #1 to 'receive' (pattern must be '*l', '*a' or a byte count)";
}

void TstCoreTcp::socketInTask()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, expected);
    const QString dead = HttpTestServer::deadUrl().section(':', -1);
    body.replace("@SVC@", http_->url().toUtf8());
    body.replace("@NOSVC@", HttpTestServer::deadUrl().toUtf8());
    body.replace("TLSPORT", QByteArray::number(tls_->url().section(':', -1).toInt()));
    body.replace("DEAD", dead.toUtf8());
    body.replace("PORT", plain_->url().section(':', -1).toUtf8());
    body.replace("CERT", cert_.toUtf8());
    QByteArray err;
    const QString tag = runTask(body, &err);
    if (expected.endsWith('*'))
        QVERIFY2(tag.startsWith(expected.chopped(1)), qPrintable(tag + "\n" + err));
    else
        QVERIFY2(tag == expected, qPrintable(tag + "\n" + err));
}

QTEST_GUILESS_MAIN(TstCoreTcp)
#include "tst_core_tcp.moc"

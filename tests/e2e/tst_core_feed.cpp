// The core issue's end-to-end test: a loopback feed service (tests/support/tcp_test_server.py)
// hands an indicator list to a task over core.tcp; the task writes it into a shared map that
// every packet thread reads. Updating the list mid-replay changes the tags of later sessions
// only; thousands of lookups from two packet threads while a task keeps rewriting the map
// find only whole values (scripts/test.sh runs this test under ThreadSanitizer too).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/http_test_server.h"
#include "support/run_luacap.h"

using namespace luacap::test;

class TstCoreFeed : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void feedUpdateTagsLaterSessionsOnly();
    void lookupsDuringUpdatesFromTwoThreads();

private:
    QString write(const QString &name, const QByteArray &text);
    RunResult replay(const QByteArray &script, const HttpTestServer &feed, const QString &pcap, int threads);

    QTemporaryDir tmp_;
    QString pcap_, bigPcap_;
    static constexpr int kFlows = 80;
    static constexpr int kUpdateAt = 30;   // the save that waits for the list's second version
};

// The task: fetch() reads "KEY VALUE" lines until the service closes, then makes the map
// equal to them (deleting keys the new version dropped).
static const QByteArray kFeedClient = R"(
local known = {}
local function fetch()
  local s = core.tcp()
  s:settimeout(10)
  assert(s:connect("127.0.0.1", PORT))
  s:send("list\n")
  local entries = {}
  while true do
    local line = s:receive("*l")
    if not line then break end
    local key, value = line:match("^(%S+)%s+(%S+)$")
    if key then entries[key] = value end
  end
  s:close()
  for key in pairs(known) do
    if not entries[key] then core.del_map("ioc", key) end
  end
  for key, value in pairs(entries) do core.set_map("ioc", key, value) end
  known = entries
end
local ioc = Map.new("ioc", Map._ip)
local state = Map.new("feed-state", Map._str)
)";

void TstCoreFeed::initTestCase()
{
    QVERIFY(tmp_.isValid());
    qputenv("LSAN_OPTIONS", "suppressions=" LUACAP_SOURCE_DIR "/tests/support/lsan_openssl.supp");
    pcap_ = tmp_.filePath("in.pcap");
    bigPcap_ = tmp_.filePath("big.pcap");
    for (const auto &[path, flows] : {std::pair{pcap_, kFlows}, std::pair{bigPcap_, 400}}) {
        const RunResult g = runPcapgen({"--flows", QString::number(flows), "--seed", "11", "--mix", "http=50,dns=50",
                                        "--ipv6", "0", "-o", path});
        QVERIFY2(g.exitCode == 0, g.err.constData());
    }
}

QString TstCoreFeed::write(const QString &name, const QByteArray &text)
{
    QFile f(tmp_.filePath(name));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(text);
    return f.fileName();
}

RunResult TstCoreFeed::replay(const QByteArray &script, const HttpTestServer &feed, const QString &pcap, int threads)
{
    const QString path = write("feed.lua", QByteArray(kFeedClient + script).replace("PORT", feed.url().section(':', -1).toUtf8()));
    return runLuacap({"replay", "--no-parsers", "--stats", "none", "-t", QString::number(threads), "--lua", path, pcap});
}

// One packet thread, so "later" is the save order: the first save waits for version 1, the
// 30th asks for version 2 (a marker file the task polls) and waits until it is published.
// In a replay the packet threads are the clock; the wait stands for "time passed".
void TstCoreFeed::feedUpdateTagsLaterSessionsOnly()
{
    QVERIFY(QDir(tmp_.path()).mkpath("feed1"));
    write("feed1/1", "# version 1\n198.18.0.0/15 feed-v1\n");
    write("feed1/2", "198.18.0.0/24 feed-v2\n");   // narrower: the /15 entry is deleted
    HttpTestServer feed(QStringLiteral(LUACAP_SOURCE_DIR "/tests/support/tcp_test_server.py"),
                        {"--feed", tmp_.filePath("feed1")});
    QVERIFY(feed.running());
    const QByteArray marker = tmp_.filePath("update-now").toUtf8();
    QByteArray script = R"(
core.register_task(function()
  fetch()
  core.set_map("feed-state", "version", "1")
  while true do
    local f = io.open("MARKER")
    if f then f:close(); break end
    core.msleep(2)
  end
  fetch()
  core.set_map("feed-state", "version", "2")
end)
local saves = 0
function pre(session, final)
  saves = saves + 1
  if saves == 1 then
    while state:lookup("version") == nil do end
  elseif saves == UPDATE_AT then
    io.open("MARKER", "w"):close()
    while state:lookup("version") ~= "2" do end
  end
  local tag = ioc:lookup(session.dstIp)
  if tag then session:add_tag(tag) end
  session:add_tag(string.format("n%03d", saves))
end
ArkimeSession.register_pre_save("pre")
)";
    script.replace("MARKER", marker).replace("UPDATE_AT", QByteArray::number(kUpdateAt));
    const RunResult r = replay(script, feed, pcap_, 1);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(!r.err.contains("lua error"), r.err.constData());
    const QList<QJsonObject> records = parseRecords(r.out);
    QCOMPARE(records.size(), kFlows);
    int v1 = 0, v2 = 0, expectV2 = 0;
    for (const QJsonObject &rec : records) {
        const QJsonArray tags = rec.value("tags").toArray();
        const int n = tags.last().toString().mid(1).toInt();
        const bool early = n < kUpdateAt;
        const bool inV2 = valueAt(rec, "destination.ip").toString().startsWith("198.18.0.");
        QCOMPARE(tags.contains("feed-v1"), early);
        QCOMPARE(tags.contains("feed-v2"), !early && inV2);
        v1 += tags.contains("feed-v1");
        v2 += tags.contains("feed-v2");
        expectV2 += !early && inV2;
    }
    QCOMPARE(v1, kUpdateAt - 1);
    QVERIFY2(expectV2 > 0 && expectV2 < kFlows - kUpdateAt + 1, "the pcap exercises both sides of the /24");
    QCOMPARE(v2, expectV2);
}

// Two packet threads look up 2,000 keys per session while the task flips the map between
// two versions as fast as it can: every answer is nil or a whole value of one version.
void TstCoreFeed::lookupsDuringUpdatesFromTwoThreads()
{
    QVERIFY(QDir(tmp_.path()).mkpath("feed2"));
    QByteArray v1, v2;
    for (int i = 0; i < 64; ++i) {
        v1 += "198.18." + QByteArray::number(i) + ".0/24 version-one-" + QByteArray::number(i) + "\n";
        v2 += "198.18." + QByteArray::number(i * 2) + ".0/24 version-two-" + QByteArray::number(i) + "\n";
    }
    write("feed2/1", v1);
    write("feed2/2", v2);
    HttpTestServer feed(QStringLiteral(LUACAP_SOURCE_DIR "/tests/support/tcp_test_server.py"),
                        {"--feed", tmp_.filePath("feed2"), "--cycle"});
    QVERIFY(feed.running());
    QByteArray script = R"(
core.register_task(function()
  local updates = 0
  while true do
    fetch()
    updates = updates + 1
    core.set_map("feed-state", "updates", tostring(updates))
    core.yield()
  end
end)
function pre(session, final)
  while tonumber(state:lookup("updates") or "0") < 2 do end
  local bad, hits = 0, 0
  for i = 1, 2000 do
    local v = ioc:lookup(string.format("198.18.%d.%d", i % 128, i % 251))
    if v then
      hits = hits + 1
      if not (v:match("^version%-one%-%d+$") or v:match("^version%-two%-%d+$")) then bad = bad + 1 end
    end
  end
  session:add_tag(bad == 0 and "lookups-ok" or ("bad-lookups:" .. bad))
  if hits > 0 then session:add_tag("hits") end
end
ArkimeSession.register_pre_save("pre")
)";
    const RunResult r = replay(script, feed, bigPcap_, 2);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(!r.err.contains("lua error"), r.err.constData());
    const QList<QJsonObject> records = parseRecords(r.out);
    QCOMPARE(records.size(), 400);
    for (const QJsonObject &rec : records) {
        const QJsonArray tags = rec.value("tags").toArray();
        QVERIFY2(tags.contains("lookups-ok") && tags.contains("hits"), QJsonDocument(rec).toJson().constData());
    }
}

QTEST_GUILESS_MAIN(TstCoreFeed)
#include "tst_core_feed.moc"

// End-to-end tests of `core` tasks and shared maps through the real `luacap replay`: a task
// that sleeps and updates an ACL while the replay runs tags only the sessions saved after
// the update; a map loaded from a file at start-up tags the same sessions for any thread count.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "support/run_luacap.h"

using namespace luacap::test;

class TstCoreMaps : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void taskUpdateTagsLaterSessionsOnly();
    void fileMapIsThreadCountIndependent();

private:
    QString write(const QString &name, const QByteArray &text);
    static int tagged(const QByteArray &out, const QString &tag);

    QTemporaryDir tmp_;
    QString pcap_;
    static constexpr int kFlows = 80;
};

void TstCoreMaps::initTestCase()
{
    pcap_ = tmp_.filePath("in.pcap");
    const RunResult g = runPcapgen({"--flows", QString::number(kFlows), "--seed", "11", "--mix", "http=50,dns=50",
                                    "--ipv6", "0", "-o", pcap_});
    QVERIFY2(g.exitCode == 0, g.err.constData());
}

QString TstCoreMaps::write(const QString &name, const QByteArray &text)
{
    QFile f(tmp_.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(text);
    return f.fileName();
}

int TstCoreMaps::tagged(const QByteArray &out, const QString &tag)
{
    int n = 0;
    for (const QJsonObject &rec : parseRecords(out))
        n += rec.value("tags").toArray().contains(tag);
    return n;
}

// One packet thread: its 30th pre_save writes a marker file and waits; the task sleeps until
// the marker exists, adds the clients' network to the ACL and says "go". Sessions 1-29 were
// saved before the update, 30-80 after it.
void TstCoreMaps::taskUpdateTagsLaterSessionsOnly()
{
    const QByteArray marker = tmp_.filePath("reached").toUtf8();
    QFile::remove(QString::fromUtf8(marker));
    const QString script = write("task.lua", R"(
local acl = Map.new("ioc-acl", Map._ip)
local control = Map.new("control", Map._str)
local saves = 0
core.register_task(function()
  while true do
    local f = io.open(")" + marker + R"(")
    if f then f:close(); break end
    core.msleep(2)
  end
  core.add_acl("ioc-acl", "10.0.0.0/8")
  core.set_map("control", "go", "1")
end)
function pre(session, final)
  saves = saves + 1
  if saves == 30 then
    io.open(")" + marker + R"(", "w"):close()
    while control:lookup("go") == nil do end
  end
  if acl:lookup(session.srcIp) then session:add_tag("ioc") end
end
ArkimeSession.register_pre_save("pre")
)");
    const RunResult r = runLuacap({"replay", "--no-parsers", "--stats", "none", "-t", "1", "--lua", script, pcap_});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(!r.err.contains("lua error"), r.err.constData());
    QCOMPARE(parseRecords(r.out).size(), kFlows);
    QCOMPARE(tagged(r.out, "ioc"), kFlows - 29);
}

// A map file read at start-up (Map.new on a path), looked up by every packet thread: the
// records are byte-identical for 1 and 2 threads, and each server gets its most specific block.
void TstCoreMaps::fileMapIsThreadCountIndependent()
{
    const QString mapFile = write("ioc.map", "# server blocks\n198.18.0.0/25 low\n198.18.0.0/15 servers\n");
    const QString script = write("file.lua", R"(
local ioc = Map.new(")" + mapFile.toUtf8() + R"(", Map._ip)
function pre(session, final)
  session:add_tag("net:" .. ioc:slookup(session.dstIp))
end
ArkimeSession.register_pre_save("pre")
)");
    QStringList args{"replay", "--no-parsers", "--stats", "none", "--lua", script};
    const RunResult one = runLuacap(QStringList(args) << "-t" << "1" << pcap_);
    const RunResult two = runLuacap(QStringList(args) << "-t" << "2" << pcap_);
    QVERIFY2(one.exitCode == 0, one.err.constData());
    QVERIFY2(two.exitCode == 0, two.err.constData());
    QVERIFY(one.out == two.out);
    const int low = tagged(one.out, "net:low");
    QCOMPARE(low + tagged(one.out, "net:servers"), kFlows);   // every server is in 198.18.0.0/15
    int expectLow = 0;
    for (const QJsonObject &rec : parseRecords(one.out)) {
        const QStringList octets = valueAt(rec, "destination.ip").toString().split('.');
        expectLow += octets.size() == 4 && octets[2] == "0" && octets[3].toInt() < 128;
    }
    QVERIFY(expectLow > 0 && expectLow < kFlows);   // the pcap exercises both blocks
    QCOMPARE(low, expectLow);
}

QTEST_GUILESS_MAIN(TstCoreMaps)
#include "tst_core_maps.moc"

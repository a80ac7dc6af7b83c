// Unit tests of the shared maps library: every match kind's semantics (data-driven), map
// files, publish/reclaim rules, and readers on two threads looking up while a writer updates.
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <fstream>
#include <thread>

#include "shared_maps/ip_index.h"
#include "shared_maps/map_index.h"
#include "shared_maps/shared_map_store.h"

using namespace luacap::engine;

class TstSharedMaps : public QObject {
    Q_OBJECT
private slots:
    void matching_data();
    void matching();
    void ipRejectsBadKeys();
    void mapFile();
    void mapFileMissing();
    void publishMakesChangesVisible();
    void reclaimWaitsForQuiescentReaders();
    void readersDuringUpdates();
};

namespace {
MapEntries entriesOf(const QString &spec)
{
    MapEntries e;
    for (const QString &pair : spec.split(';', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf('=');
        e[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    return e;
}
} // namespace

void TstSharedMaps::matching_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("entries");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");   // "<nil>" when nothing matches

    QTest::newRow("str hit") << "str" << "a=1;ab=2" << "ab" << "2";
    QTest::newRow("str miss on prefix") << "str" << "a=1;ab=2" << "abc" << "<nil>";
    QTest::newRow("str empty key") << "str" << "=e" << "" << "e";
    QTest::newRow("str binary") << "str" << QString("x\ty=1") << QString("x\ty") << "1";
    QTest::newRow("beg longest wins") << "beg" << "/a=1;/a/b=2" << "/a/b/c" << "2";
    QTest::newRow("beg shorter") << "beg" << "/a=1;/a/b=2" << "/a/x" << "1";
    QTest::newRow("beg miss") << "beg" << "/a=1" << "/b/a" << "<nil>";
    QTest::newRow("beg key longer than input") << "beg" << "abcdef=1" << "abc" << "<nil>";
    QTest::newRow("end hit") << "end" << ".exe=bin;.tar.gz=arc;.gz=gz" << "x.tar.gz" << "arc";
    QTest::newRow("end miss") << "end" << ".exe=bin" << "exe" << "<nil>";
    QTest::newRow("sub leftmost") << "sub" << "cd=2;ab=1" << "xxcdab" << "2";
    QTest::newRow("sub longest at same pos") << "sub" << "ab=1;abc=3" << "zabcz" << "3";
    QTest::newRow("sub one byte key") << "sub" << "q=1" << "abq" << "1";
    QTest::newRow("sub miss") << "sub" << "evil=1" << "evi lish" << "<nil>";
    QTest::newRow("sub whole input") << "sub" << "abc=1" << "abc" << "1";
    QTest::newRow("dom exact") << "dom" << "example.com=1" << "example.com" << "1";
    QTest::newRow("dom subdomain") << "dom" << "example.com=1" << "a.b.example.com" << "1";
    QTest::newRow("dom not a label") << "dom" << "example.com=1" << "badexample.com" << "<nil>";
    QTest::newRow("dom most specific") << "dom" << "com=tld;example.com=site" << "www.example.com" << "site";
    QTest::newRow("ip exact v4") << "ip" << "10.0.0.1=a" << "10.0.0.1" << "a";
    QTest::newRow("ip cidr v4") << "ip" << "10.0.0.0/8=net" << "10.200.3.4" << "net";
    QTest::newRow("ip longest prefix") << "ip" << "10.0.0.0/8=big;10.1.0.0/16=small" << "10.1.2.3" << "small";
    QTest::newRow("ip outside") << "ip" << "10.0.0.0/8=net" << "11.0.0.1" << "<nil>";
    QTest::newRow("ip /0") << "ip" << "0.0.0.0/0=all" << "192.0.2.7" << "all";
    QTest::newRow("ip key not masked") << "ip" << "192.168.1.77/24=lan" << "192.168.1.1" << "lan";
    QTest::newRow("ip v6 cidr") << "ip" << "2001:db8::/32=doc" << "2001:db8:1::5" << "doc";
    QTest::newRow("ip v6 /65") << "ip" << "2001:db8::8000:0:0:0/65=half" << "2001:db8::8000:0:0:1" << "half";
    QTest::newRow("ip v6 /65 other half") << "ip" << "2001:db8::8000:0:0:0/65=half" << "2001:db8::1" << "<nil>";
    QTest::newRow("ip v4 key v6 input") << "ip" << "0.0.0.0/0=all" << "::1" << "<nil>";
    QTest::newRow("ip not an address") << "ip" << "10.0.0.0/8=net" << "10.x" << "<nil>";
    QTest::newRow("ip empty input") << "ip" << "10.0.0.0/8=net" << "" << "<nil>";
    QTest::newRow("ip octet over 255") << "ip" << "0.0.0.0/0=all" << "10.0.0.256" << "<nil>";
    QTest::newRow("ip three parts") << "ip" << "0.0.0.0/0=all" << "10.0.1" << "<nil>";
    QTest::newRow("ip trailing dot") << "ip" << "0.0.0.0/0=all" << "10.0.0.1." << "<nil>";
}

void TstSharedMaps::matching()
{
    QFETCH(QString, kind);
    QFETCH(QString, entries);
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const auto k = parseMatchKind(kind.toStdString());
    QVERIFY(k);
    QCOMPARE(QString(matchKindName(*k)), kind);
    const auto index = buildMapIndex(*k, entriesOf(entries));
    const std::string in = input.toStdString();
    const std::string *value = index->lookup(in);
    QCOMPARE(value ? QString::fromStdString(*value) : QString("<nil>"), expected);
}

void TstSharedMaps::ipRejectsBadKeys()
{
    IpIndex index(entriesOf("10.0.0.0/33=a;10.0.0.0/x=b;nope=c;10.0.0.0/=d;::/129=e;1.2.3.4=ok"));
    QCOMPARE(index.size(), size_t(1));
    QCOMPARE(index.rejected(), size_t(5));
}

void TstSharedMaps::mapFile()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/ioc.map").toStdString();
    std::ofstream(path) << "# indicators\n\n10.0.0.0/8   internal net  \n192.0.2.1\tbad\r\n203.0.113.9\n";
    SharedMapStore store;
    SharedMap &map = store.open("ioc", MatchKind::Ip);
    std::string error;
    QVERIFY2(store.loadFile("ioc", path, &error), error.c_str());
    QCOMPARE(map.size(), size_t(3));
    QCOMPARE(*map.lookup("10.9.9.9"), std::string("internal net"));
    QCOMPARE(*map.lookup("192.0.2.1"), std::string("bad"));
    QCOMPARE(*map.lookup("203.0.113.9"), std::string());   // ACL line: key only
}

void TstSharedMaps::mapFileMissing()
{
    SharedMapStore store;
    std::string error;
    QVERIFY(!store.loadFile("x", "/nonexistent/luacap.map", &error));
    QCOMPARE(QString::fromStdString(error), QString("/nonexistent/luacap.map: No such file or directory"));
}

void TstSharedMaps::publishMakesChangesVisible()
{
    SharedMapStore store;
    SharedMap &exact = store.open("m", MatchKind::Exact);
    SharedMap &prefix = store.open("m", MatchKind::Prefix);
    QCOMPARE(&store.open("m", MatchKind::Exact), &exact);
    store.set("m", "ab", "1");
    QVERIFY(exact.lookup("ab") == nullptr);   // not published yet
    QVERIFY(store.dirty());
    QCOMPARE(store.publish(), 1);
    QCOMPARE(*exact.lookup("ab"), std::string("1"));
    QCOMPARE(*prefix.lookup("abc"), std::string("1"));
    QVERIFY(store.erase("m", "ab"));
    QVERIFY(!store.erase("m", "ab"));
    QVERIFY(!store.erase("other", "ab"));
    QCOMPARE(store.lookupLocked(exact, "ab"), std::optional<std::string>());   // publishes first
    QVERIFY(!store.dirty());
    QCOMPARE(store.publish(), 0);
}

void TstSharedMaps::reclaimWaitsForQuiescentReaders()
{
    SharedMapStore store;
    store.open("m", MatchKind::Exact);
    std::atomic<int> step{0};
    std::thread reader([&] {
        ReaderSlot slot(store.readers());
        step = 1;
        while (step != 2)
            std::this_thread::yield();
        slot.quiescent();
        step = 3;
        while (step != 4)
            std::this_thread::yield();
    });
    while (step != 1)
        std::this_thread::yield();
    QCOMPARE(store.readers().activeReaders(), 1);
    store.set("m", "k", "v");
    store.publish();
    QCOMPARE(store.reclaim(), size_t(1));   // the reader has not passed a quiescent state
    step = 2;
    while (step != 3)
        std::this_thread::yield();
    QCOMPARE(store.reclaim(), size_t(0));
    store.set("m", "k", "w");
    store.publish();
    step = 4;
    reader.join();   // leaving counts as quiescent for good
    QCOMPARE(store.readers().activeReaders(), 0);
    QCOMPARE(store.reclaim(), size_t(0));
}

// Two readers look up a constant key (always the same answer) and a counter key whose value
// must never go backwards, while the writer publishes 300 versions and reclaims.
void TstSharedMaps::readersDuringUpdates()
{
    SharedMapStore store;
    SharedMap &map = store.open("m", MatchKind::Exact);
    for (int i = 0; i < 1000; ++i)
        store.set("m", "k" + std::to_string(i), "v" + std::to_string(i));
    store.set("m", "counter", "0");
    store.publish();
    std::atomic<bool> done{false};
    std::atomic<int> errors{0};
    std::atomic<long> lookups{0};
    auto readerLoop = [&] {
        ReaderSlot slot(store.readers());
        long last = 0, n = 0;
        while (!done) {
            for (int i = 0; i < 64; ++i, ++n) {
                const std::string *v = map.lookup("k" + std::to_string(i * 7));
                if (!v || *v != "v" + std::to_string(i * 7))
                    ++errors;
                const long c = std::stol(*map.lookup("counter"));
                if (c < last)
                    ++errors;
                last = c;
            }
            slot.quiescent();
        }
        lookups += n;
    };
    std::thread a(readerLoop), b(readerLoop);
    for (int version = 1; version <= 300; ++version) {
        store.set("m", "counter", std::to_string(version));
        store.publish();
    }
    done = true;
    a.join();
    b.join();
    QCOMPARE(errors.load(), 0);
    QVERIFY(lookups.load() > 0);
    QCOMPARE(store.reclaim(), size_t(0));
    QCOMPARE(*map.lookup("counter"), std::string("300"));
}

QTEST_GUILESS_MAIN(TstSharedMaps)
#include "tst_shared_maps.moc"

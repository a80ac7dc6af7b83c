// The Lua heap stays flat over 200,000 sessions that use session:table(): each session's
// table is released when the session is freed. The script samples collectgarbage("count")
// after a full collection every 10,000 sessions into a record field; a second row keeps
// every table on purpose to show the measure sees a leak.
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {
QByteArray script(bool keepTables)
{
    return QByteArray("local heap = Arkime.define_field('lua.heap', 'kind:integer;db:lua.heap')\n"
                      "local sample = Arkime.define_field('lua.sample', 'kind:integer;db:lua.sample')\n"
                      "local n, kept = 0, {}\n"
                      "function heap_cls(session, str, direction)\n"
                      "  local t = session:table()\n"
                      "  t.bytes = (t.bytes or 0) + #str\n"
                      "  t.note = string.rep('x', 64) .. session.srcPort\n") +
           (keepTables ? "  kept[#kept + 1] = t\n" : "") +
           "end\n"
           "function heap_pre_save(session, final)\n"
           "  session:table().saved = true\n"
           "  n = n + 1\n"
           "  if n % 10000 == 0 then\n"
           "    collectgarbage('collect')\n"
           "    session:add_int(sample, n)\n"
           "    session:add_int(heap, math.floor(collectgarbage('count')))\n"
           "  end\n"
           "end\n"
           "ArkimeSession.register_udp_classifier('all', 0, '', 'heap_cls')\n"
           "ArkimeSession.register_pre_save('heap_pre_save')\n";
}
} // namespace

class TstLuaHeap : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;
    QString pcap_;

private slots:
    void initTestCase()
    {
        pcap_ = tmp_.filePath("dns200k.pcap");
        const RunResult g = runPcapgen({"--flows", "200000", "--mix", "dns=100", "--seed", "5", "-o", pcap_});
        QVERIFY2(g.exitCode == 0, g.err.constData());
    }

    void heap_data()
    {
        QTest::addColumn<bool>("keepTables");
        QTest::newRow("tables released with their sessions") << false;
        QTest::newRow("script keeps every table (leak)") << true;
    }

    void heap()
    {
        QFETCH(bool, keepTables);
        QFile lua(tmp_.filePath("heap.lua"));
        QVERIFY(lua.open(QIODevice::WriteOnly));
        lua.write(script(keepTables));
        lua.close();
        // The capture spans 45 s: a 1 s UDP timeout frees sessions all along the run.
        QFile ini(tmp_.filePath("heap.ini"));
        QVERIFY(ini.open(QIODevice::WriteOnly));
        ini.write("[default]\nudpTimeout=1\n");
        ini.close();
        const RunResult r = runLuacap({"replay", "--no-parsers", "--stats", "none", "--no-packet-pos", "-t", "1",
                                       "-c", ini.fileName(), "--lua", lua.fileName(), pcap_});
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        std::map<qint64, qint64> heapKb;   // sample (sessions saved so far) -> live heap KB
        qint64 records = 0;
        for (const QJsonObject &rec : parseRecords(r.out)) {
            ++records;
            const QJsonValue s = valueAt(rec, "lua.sample"), h = valueAt(rec, "lua.heap");
            if (s.isArray() && h.isArray())   // integer fields are written as arrays
                heapKb[s.toArray().at(0).toInteger()] = h.toArray().at(0).toInteger();
        }
        QVERIFY(records >= 200000);   // a few flows reuse a 5-tuple after their timeout
        QCOMPARE(heapKb.size(), size_t(20));
        const qint64 early = heapKb.at(20000), last = heapKb.at(200000);
        qInfo("heap KB after 20,000 sessions: %lld, after 200,000: %lld", early, last);
        if (keepTables)
            QVERIFY2(last > 4 * early, "the leaking script should have grown the heap");
        else
            QVERIFY2(last < early * 3 / 2, "the Lua heap grew with the number of sessions");
    }
};

QTEST_GUILESS_MAIN(TstLuaHeap)
#include "tst_lua_heap.moc"

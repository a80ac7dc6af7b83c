// Tests of the stats panel's charts: the sampler's rates, gauges and restarts from known
// /api/v1/stats answers at known times (names per docs/live-api.md), absent keys shown as
// "not reported", and the window polling a real api::LiveApiServer on loopback whose stats
// source changes between polls.
#include <QJsonArray>
#include <QSignalSpy>
#include <QTreeWidget>

#include "live_api_server.h"
#include "main_window.h"
#include "record_history.h"
#include "sparkline_widget.h"
#include "stats_panel.h"
#include "stats_sampler.h"
#include "viewer_test_main.h"

using namespace luacap;
using namespace luacap::viewer;
using Chart = StatsPanel::Chart;

namespace {
// A daemon's stats after `tick` polls: 1000 packets, 5 drops and one Lua error per poll.
QJsonObject daemonStats(int tick)
{
    QJsonArray threads;
    for (int t = 0; t < 2; ++t)
        threads.append(QJsonObject{{"thread", t}, {"packets", 500 * tick}, {"sessionsOpen", 10 + t},
                                   {"busy", t == 0 ? 0.25 : 0.5}, {"queueDepth", 0}});
    return QJsonObject{{"uptimeSeconds", tick},
                       {"packets", 1000 * tick},
                       {"drops", QJsonObject{{"kernel", 2 * tick}, {"interface", 0}, {"own", 3 * tick}}},
                       {"sessions", QJsonObject{{"open", 20 + tick}, {"saved", 7 * tick}}},
                       {"threads", threads},
                       {"lua", QJsonObject{{"errors", tick}}}};
}

std::vector<double> last(const SparklineWidget *chart)
{
    std::vector<double> out;
    for (size_t i = 0; i < chart->seriesCount(); ++i)
        out.push_back(chart->series(i).empty() ? -1 : chart->series(i).back());
    return out;
}
} // namespace

class TestStatsPanel : public QObject {
    Q_OBJECT

private slots:
    void sampler_data()
    {
        QTest::addColumn<QJsonObject>("first");
        QTest::addColumn<QJsonObject>("second");
        QTest::addColumn<qint64>("msec");
        QTest::addColumn<double>("packetsPerSecond");   // -1: no rate
        QTest::addColumn<double>("dropsPerSecond");
        QTest::newRow("one second") << daemonStats(1) << daemonStats(2) << qint64(1000) << 1000.0 << 5.0;
        QTest::newRow("half a second") << daemonStats(1) << daemonStats(3) << qint64(500) << 4000.0 << 20.0;
        QTest::newRow("restart: counters go down") << daemonStats(5) << daemonStats(1) << qint64(1000) << -1.0 << -1.0;
        QTest::newRow("no drops reported") << QJsonObject{{"packets", 10}} << QJsonObject{{"packets", 30}}
                                           << qint64(2000) << 10.0 << -1.0;
        QTest::newRow("nested packet counter") << QJsonObject{{"interfaces", QJsonObject{{"rxPackets", 0}}}}
                                               << QJsonObject{{"interfaces", QJsonObject{{"rxPackets", 300}}}}
                                               << qint64(1000) << 300.0 << -1.0;
    }
    void sampler()
    {
        QFETCH(QJsonObject, first);
        QFETCH(QJsonObject, second);
        QFETCH(qint64, msec);
        QFETCH(double, packetsPerSecond);
        QFETCH(double, dropsPerSecond);
        StatsSampler sampler;
        const StatsSample a = sampler.sample(first, 10000);
        QVERIFY(!a.packetsPerSecond && !a.dropsPerSecond);   // a rate needs two polls
        const StatsSample b = sampler.sample(second, 10000 + msec);
        QCOMPARE(b.packetsPerSecond.value_or(-1), packetsPerSecond);
        QCOMPARE(b.dropsPerSecond.value_or(-1), dropsPerSecond);
    }

    void gaugesFollowTheContract()
    {
        StatsSampler sampler;
        const StatsSample s = sampler.sample(daemonStats(4), 0);
        QCOMPARE(s.openSessions.value_or(-1), 24.0);
        QCOMPARE(s.luaErrors.value_or(-1), 4.0);
        QCOMPARE(s.threadBusyPercent, (std::vector<double>{25.0, 50.0}));
        const StatsSample none = sampler.sample(QJsonObject{{"packets", 1}}, 1000);
        QVERIFY(!none.openSessions && !none.luaErrors && none.threadBusyPercent.empty());
    }

    void panelChartsEveryPoll()
    {
        StatsPanel panel;
        for (int tick = 1; tick <= 4; ++tick)
            panel.showStatsAt(daemonStats(tick), tick * 1000);
        QCOMPARE(panel.chart(Chart::PacketsPerSecond)->values(), (std::deque<double>{1000, 1000, 1000}));
        QCOMPARE(panel.chart(Chart::DropsPerSecond)->values(), (std::deque<double>{5, 5, 5}));
        QCOMPARE(panel.chart(Chart::OpenSessions)->values(), (std::deque<double>{21, 22, 23, 24}));
        QCOMPARE(panel.chart(Chart::LuaErrors)->values(), (std::deque<double>{1, 2, 3, 4}));
        QCOMPARE(panel.chart(Chart::ThreadLoad)->seriesCount(), size_t(2));
        QCOMPARE(last(panel.chart(Chart::ThreadLoad)), (std::vector<double>{25, 50}));
        QVERIFY2(panel.chart(Chart::ThreadLoad)->summary().contains("now 25% / 50%"),
                 qPrintable(panel.chart(Chart::ThreadLoad)->summary()));
        QVERIFY(!panel.counters()->findItems("threads[1].busy", Qt::MatchExactly).isEmpty());
        panel.grab();   // paints every chart (no crash on any series shape)

        panel.clear();
        QCOMPARE(panel.chart(Chart::OpenSessions)->seriesCount(), size_t(0));
        panel.showStatsAt(daemonStats(9), 9000);   // after clear: a fresh rate baseline
        QVERIFY(panel.chart(Chart::PacketsPerSecond)->values().empty());
    }

    // An older daemon (only packets): the other charts say so instead of drawing zeros.
    void absentKeysAreNotReported()
    {
        StatsPanel panel;
        panel.showStatsAt(QJsonObject{{"packets", 5}}, 0);
        panel.showStatsAt(QJsonObject{{"packets", 15}}, 1000);
        QCOMPARE(panel.chart(Chart::PacketsPerSecond)->values(), (std::deque<double>{10}));
        for (Chart c : {Chart::DropsPerSecond, Chart::OpenSessions, Chart::ThreadLoad, Chart::LuaErrors}) {
            const SparklineWidget *chart = panel.chart(c);
            QVERIFY(chart->unavailable());
            QVERIFY2(chart->summary().endsWith("not reported by the daemon"), qPrintable(chart->summary()));
        }
        panel.grab();
    }

    // The window polls a real live API server whose stats change between polls.
    void windowChartsALiveServer()
    {
        api::RecordHistory history(100);
        int polls = 0;
        api::LiveApiSources sources;
        sources.stats = [&polls] { return daemonStats(++polls); };
        api::LiveApiConfig config;
        config.port = 0;
        config.token = "tok";
        api::LiveApiServer server(config, sources, history);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        MainWindow window;
        window.client()->setStatsInterval(50);
        window.connectToDaemon(QUrl(QString("http://127.0.0.1:%1").arg(server.port())), "tok");
        StatsPanel *stats = window.stats();
        QTRY_VERIFY_WITH_TIMEOUT(stats->chart(Chart::OpenSessions)->values().size() >= 4, 20000);
        // Polls are charted in order: open sessions rise with every poll.
        const std::deque<double> open = stats->chart(Chart::OpenSessions)->values();
        for (size_t i = 1; i < open.size(); ++i)
            QVERIFY(open[i] > open[i - 1]);
        QTRY_VERIFY(!stats->chart(Chart::PacketsPerSecond)->values().empty());
        QVERIFY(stats->chart(Chart::PacketsPerSecond)->values().back() > 0);
        QCOMPARE(last(stats->chart(Chart::ThreadLoad)), (std::vector<double>{25, 50}));
        QVERIFY(!stats->chart(Chart::LuaErrors)->values().empty());
        window.client()->disconnectFromDaemon();
        QTRY_COMPARE(server.counters().streamClients, 0u);
    }
};

LUACAP_VIEWER_TEST_MAIN(TestStatsPanel)
#include "tst_stats_panel.moc"

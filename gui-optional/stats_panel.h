// StatsPanel: the daemon's /api/v1/stats over time: charts of packets/s, drops/s, open
// sessions, per-thread load and Lua errors (stats_sampler.h, names per docs/live-api.md),
// and below them every counter as a name/value line (nested names joined with dots, as
// `luacap status` prints them). GUI thread.
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

#include "stats_sampler.h"

class QTreeWidget;

namespace luacap::viewer {

class SparklineWidget;

class StatsPanel : public QWidget {
    Q_OBJECT
public:
    enum class Chart { PacketsPerSecond, DropsPerSecond, OpenSessions, ThreadLoad, LuaErrors, Count };

    explicit StatsPanel(QWidget *parent = nullptr);

    void showStats(const QJsonObject &stats);
    // The same at a given time (ms of any monotonic clock): tests drive the rates with it.
    void showStatsAt(const QJsonObject &stats, qint64 nowMsec);
    void clear();
    SparklineWidget *chart(Chart which) const { return charts_[int(which)]; }
    SparklineWidget *sparkline() const { return chart(Chart::PacketsPerSecond); }
    QTreeWidget *counters() const { return counters_; }

private:
    SparklineWidget *addChart(Chart which, const QString &caption, const QString &unit);

    QTreeWidget *counters_;
    SparklineWidget *charts_[int(Chart::Count)] = {};
    StatsSampler sampler_;
    QElapsedTimer clock_;
};

} // namespace luacap::viewer

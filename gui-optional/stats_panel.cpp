// StatsPanel implementation (GUI thread).
#include "stats_panel.h"

#include <QGridLayout>
#include <QJsonArray>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "sparkline_widget.h"
#include "viewer_record.h"

namespace luacap::viewer {

namespace {
void addScalars(const QJsonObject &object, const QString &prefix, QTreeWidget *tree)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = prefix.isEmpty() ? it.key() : prefix + '.' + it.key();
        if (it.value().isObject()) {
            addScalars(it.value().toObject(), name, tree);
            continue;
        }
        const QJsonArray rows = it.value().toArray();
        if (it.value().isArray()) {   // per-thread / per-interface tables: one line per row
            for (qsizetype i = 0; i < rows.size(); ++i)
                addScalars(rows[i].toObject(), name + '[' + QString::number(i) + ']', tree);
            continue;
        }
        new QTreeWidgetItem(tree, {name, valueText(QJsonObject{{"v", it.value()}}, "v")});
    }
}

void feed(SparklineWidget *chart, const std::optional<double> &value)
{
    value ? chart->addValue(*value) : chart->markUnavailable();
}
} // namespace

StatsPanel::StatsPanel(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(addChart(Chart::PacketsPerSecond, tr("packets/s"), {}), 0, 0);
    grid->addWidget(addChart(Chart::DropsPerSecond, tr("drops/s"), {}), 0, 1);
    grid->addWidget(addChart(Chart::OpenSessions, tr("open sessions"), {}), 1, 0);
    grid->addWidget(addChart(Chart::LuaErrors, tr("Lua errors (total)"), {}), 1, 1);
    grid->addWidget(addChart(Chart::ThreadLoad, tr("packet thread load, one line per thread"), "%"), 2, 0, 1, 2);
    chart(Chart::ThreadLoad)->setFixedMax(100);
    counters_ = new QTreeWidget;
    counters_->setColumnCount(2);
    counters_->setHeaderLabels({tr("Counter"), tr("Value")});
    counters_->setRootIsDecorated(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(counters_, 1);
    clock_.start();
}

SparklineWidget *StatsPanel::addChart(Chart which, const QString &caption, const QString &unit)
{
    auto *chart = new SparklineWidget;
    chart->setCaption(caption);
    chart->setUnit(unit);
    chart->setObjectName(caption);
    charts_[int(which)] = chart;
    return chart;
}

void StatsPanel::showStats(const QJsonObject &stats)
{
    showStatsAt(stats, clock_.elapsed());
}

void StatsPanel::showStatsAt(const QJsonObject &stats, qint64 nowMsec)
{
    counters_->clear();
    addScalars(stats, {}, counters_);
    const StatsSample s = sampler_.sample(stats, nowMsec);
    // A rate needs two polls: the first poll (or one after a restart) adds no point.
    if (s.packetsPerSecond)
        chart(Chart::PacketsPerSecond)->addValue(*s.packetsPerSecond);
    else if (!StatsSampler::packetCounter(stats))
        chart(Chart::PacketsPerSecond)->markUnavailable();
    if (s.dropsPerSecond)
        chart(Chart::DropsPerSecond)->addValue(*s.dropsPerSecond);
    else if (!StatsSampler::dropCounter(stats))
        chart(Chart::DropsPerSecond)->markUnavailable();
    feed(chart(Chart::OpenSessions), s.openSessions);
    feed(chart(Chart::LuaErrors), s.luaErrors);
    if (s.threadBusyPercent.empty())
        chart(Chart::ThreadLoad)->markUnavailable();
    else
        chart(Chart::ThreadLoad)->addValues(s.threadBusyPercent);
}

void StatsPanel::clear()
{
    counters_->clear();
    for (SparklineWidget *chart : charts_)
        chart->clear();
    sampler_.reset();
}

} // namespace luacap::viewer

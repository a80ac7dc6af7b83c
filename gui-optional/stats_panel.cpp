// StatsPanel implementation (GUI thread).
#include "stats_panel.h"

#include <QJsonArray>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

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

double findPackets(const QJsonObject &object, bool *found)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isDouble() && it.key().endsWith("packets", Qt::CaseInsensitive)) {
            *found = true;
            return it.value().toDouble();
        }
        if (it.value().isObject()) {
            const double v = findPackets(it.value().toObject(), found);
            if (*found)
                return v;
        }
    }
    return 0;
}
} // namespace

StatsPanel::StatsPanel(QWidget *parent) : QWidget(parent)
{
    counters_ = new QTreeWidget;
    counters_->setColumnCount(2);
    counters_->setHeaderLabels({tr("Counter"), tr("Value")});
    counters_->setRootIsDecorated(false);
    sparkline_ = new SparklineWidget;
    sparkline_->setCaption(tr("packets/s"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(sparkline_);
    layout->addWidget(counters_, 1);
}

double StatsPanel::packetCounter(const QJsonObject &stats, bool *found)
{
    *found = stats.value("packets").isDouble();
    if (*found)
        return stats.value("packets").toDouble();
    return findPackets(stats, found);
}

void StatsPanel::showStats(const QJsonObject &stats)
{
    counters_->clear();
    addScalars(stats, {}, counters_);
    bool found = false;
    const double packets = packetCounter(stats, &found);
    if (!found)
        return;
    // A counter going down means the daemon restarted: start the rate over.
    if (lastPackets_ >= 0 && packets >= lastPackets_ && sinceLast_.isValid()) {
        const double seconds = std::max(0.001, double(sinceLast_.elapsed()) / 1000.0);
        sparkline_->addValue((packets - lastPackets_) / seconds);
    }
    lastPackets_ = packets;
    sinceLast_.restart();
}

void StatsPanel::clear()
{
    counters_->clear();
    sparkline_->clear();
    lastPackets_ = -1;
    sinceLast_.invalidate();
}

} // namespace luacap::viewer

// StatsPanel: the daemon's /stats counters as name/value lines (nested names joined with
// dots, as `luacap status` prints them) and a sparkline of the packets-per-second rate
// worked out between two polls. GUI thread.
#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

class QTreeWidget;

namespace luacap::viewer {

class SparklineWidget;

class StatsPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatsPanel(QWidget *parent = nullptr);

    void showStats(const QJsonObject &stats);
    void clear();
    SparklineWidget *sparkline() const { return sparkline_; }

    // The packet counter the rate follows: "packets", else the first scalar named *packets.
    static double packetCounter(const QJsonObject &stats, bool *found);

private:
    QTreeWidget *counters_;
    SparklineWidget *sparkline_;
    QElapsedTimer sinceLast_;
    double lastPackets_ = -1;
};

} // namespace luacap::viewer

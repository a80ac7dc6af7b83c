// ThreadLoadMeter implementation (main thread).
#include "thread_load_meter.h"

#include <QJsonObject>
#include <algorithm>

namespace luacap::app {

QJsonArray ThreadLoadMeter::rows(const std::vector<engine::LiveStats::Thread> &threads)
{
    const qint64 wall = clock_.nsecsElapsed();
    const double interval = double(std::max<qint64>(1, wall - lastWallNsec_));
    lastWallNsec_ = wall;
    lastBusyNsec_.resize(threads.size(), 0);
    QJsonArray out;
    for (size_t i = 0; i < threads.size(); ++i) {
        const engine::LiveStats::Thread &t = threads[i];
        const double busy = std::clamp(double(t.busyNsec - std::min(t.busyNsec, lastBusyNsec_[i])) / interval, 0.0, 1.0);
        lastBusyNsec_[i] = t.busyNsec;
        out.append(QJsonObject{{"thread", qint64(i)},
                               {"packets", qint64(t.packets)},
                               {"sessionsOpen", qint64(t.sessionsOpen)},
                               {"busy", double(qRound(busy * 1000)) / 1000},
                               {"queueDepth", qint64(t.queueDepth)},
                               {"records", qint64(t.records)},
                               {"forcedMaxStreams", qint64(t.forcedMaxStreams)}});
    }
    return out;
}

} // namespace luacap::app

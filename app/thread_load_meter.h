// ThreadLoadMeter: turns the packet threads' cumulative busy time into the live API's
// per-thread rows (busy = fraction of wall time spent working since the previous snapshot).
// Main thread: called by each /api/v1/stats answer.
#pragma once

#include <QElapsedTimer>
#include <QJsonArray>
#include <cstdint>
#include <vector>

#include "capture/live_pipeline.h"

namespace luacap::app {

class ThreadLoadMeter {
public:
    ThreadLoadMeter() { clock_.start(); }
    // One object per thread: thread, packets, sessionsOpen, busy (0..1), queueDepth, records,
    // forcedMaxStreams.
    QJsonArray rows(const std::vector<engine::LiveStats::Thread> &threads);

private:
    QElapsedTimer clock_;
    qint64 lastWallNsec_ = 0;
    std::vector<uint64_t> lastBusyNsec_;
};

} // namespace luacap::app

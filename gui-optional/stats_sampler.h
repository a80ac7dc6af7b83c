// StatsSampler: turns successive /api/v1/stats answers into one chart sample each: rates for
// the counters (packets, drops), current values for the gauges (open sessions, per-thread
// busy) and the Lua error total. Keys the daemon does not report stay unset. GUI thread.
#pragma once

#include <QJsonObject>
#include <optional>
#include <vector>

namespace luacap::viewer {

struct StatsSample {
    std::optional<double> packetsPerSecond;
    std::optional<double> dropsPerSecond;   // drops.kernel + drops.interface + drops.own
    std::optional<double> openSessions;     // sessions.open
    std::optional<double> luaErrors;        // lua.errors, the daemon's total so far
    std::vector<double> threadBusyPercent;  // threads[].busy x 100, in thread order
};

class StatsSampler {
public:
    // nowMsec: any monotonic clock in milliseconds (the panel's; tests pass their own).
    StatsSample sample(const QJsonObject &stats, qint64 nowMsec);
    void reset();

    // The packet counter the rate follows: "packets", else the first scalar named *packets.
    static std::optional<double> packetCounter(const QJsonObject &stats);
    // The sum of the drops object's numbers, unset without a drops object.
    static std::optional<double> dropCounter(const QJsonObject &stats);

private:
    // A counter's previous value; a rate needs two polls. A counter going down means the
    // daemon restarted: its rate starts over.
    struct Counter {
        double last = -1;
        std::optional<double> rate(std::optional<double> value, double seconds);
    };

    Counter packets_;
    Counter drops_;
    qint64 lastMsec_ = -1;
};

} // namespace luacap::viewer

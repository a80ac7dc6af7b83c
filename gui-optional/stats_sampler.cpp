// StatsSampler implementation (GUI thread).
#include "stats_sampler.h"

#include <QJsonArray>
#include <algorithm>

namespace luacap::viewer {

namespace {
std::optional<double> findPackets(const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isDouble() && it.key().endsWith("packets", Qt::CaseInsensitive))
            return it.value().toDouble();
        if (it.value().isObject()) {
            if (const auto v = findPackets(it.value().toObject()))
                return v;
        }
    }
    return std::nullopt;
}

std::optional<double> number(const QJsonObject &stats, const char *object, const char *key)
{
    const QJsonValue v = stats.value(object).toObject().value(key);
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

std::optional<double> StatsSampler::packetCounter(const QJsonObject &stats)
{
    if (stats.value("packets").isDouble())
        return stats.value("packets").toDouble();
    return findPackets(stats);
}

std::optional<double> StatsSampler::dropCounter(const QJsonObject &stats)
{
    if (!stats.value("drops").isObject())
        return std::nullopt;
    double total = 0;
    for (const QJsonValue &v : stats.value("drops").toObject())
        total += v.toDouble();
    return total;
}

std::optional<double> StatsSampler::Counter::rate(std::optional<double> value, double seconds)
{
    if (!value)
        return std::nullopt;
    const double previous = last;
    last = *value;
    if (previous < 0 || *value < previous || seconds <= 0)
        return std::nullopt;
    return (*value - previous) / seconds;
}

StatsSample StatsSampler::sample(const QJsonObject &stats, qint64 nowMsec)
{
    const double seconds = lastMsec_ < 0 ? 0 : double(nowMsec - lastMsec_) / 1000.0;
    lastMsec_ = nowMsec;
    StatsSample s;
    s.packetsPerSecond = packets_.rate(packetCounter(stats), seconds);
    s.dropsPerSecond = drops_.rate(dropCounter(stats), seconds);
    s.openSessions = number(stats, "sessions", "open");
    s.luaErrors = number(stats, "lua", "errors");
    for (const QJsonValue &row : stats.value("threads").toArray()) {
        const QJsonValue busy = row.toObject().value("busy");
        if (busy.isDouble())
            s.threadBusyPercent.push_back(std::clamp(busy.toDouble(), 0.0, 1.0) * 100.0);
    }
    return s;
}

void StatsSampler::reset()
{
    packets_ = {};
    drops_ = {};
    lastMsec_ = -1;
}

} // namespace luacap::viewer

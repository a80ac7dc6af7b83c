// Final stats line: counts packets, bytes, sessions and every kind of skipped input.
#include "run_stats.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace luacap::app {

namespace {
QJsonObject statsObject(const engine::PipelineStats &s, double seconds, const ExtraCounters &extra)
{
    const engine::DecodeStats &d = s.reader.decode;
    uint64_t sessions = 0, sessionPackets = 0;
    for (const auto &w : s.workers) {
        sessions += w.sessionsCreated;
        sessionPackets += w.packets;
    }
    QJsonObject o;
    o["files"] = qint64(s.reader.filesRead);
    o["filesFailed"] = qint64(s.reader.filesFailed);
    o["filesTruncated"] = qint64(s.reader.filesTruncated);
    o["filesCorrupt"] = qint64(s.reader.filesCorrupt);
    o["packets"] = qint64(d.packets);
    o["bytes"] = qint64(d.bytes);
    o["sessionPackets"] = qint64(sessionPackets);
    o["sessions"] = qint64(sessions);
    o["records"] = qint64(s.recordsWritten);
    o["nonIp"] = qint64(d.nonIpCounted);
    o["otherIpProtocol"] = qint64(d.otherIpProtocol);
    o["corruptEther"] = qint64(d.corruptEther);
    o["corruptIp"] = qint64(d.corruptIp);
    o["truncatedPackets"] = qint64(d.truncatedPackets);
    o["fragments"] = qint64(d.fragments);
    o["fragmentsReassembled"] = qint64(d.fragmentsReassembled);
    o["fragmentsDropped"] = qint64(d.fragmentsDropped);
    o["unknownTunnel"] = qint64(d.unknownTunnel);
    for (const auto &[name, value] : extra)
        o[QString::fromStdString(name)] = qint64(value);
    o["seconds"] = seconds;
    o["packetsPerSecond"] = seconds > 0 ? double(d.packets) / seconds : 0.0;
    return o;
}
} // namespace

std::string statsText(const engine::PipelineStats &stats, double seconds, const ExtraCounters &extra)
{
    const QJsonObject o = statsObject(stats, seconds, extra);
    std::string line = "luacap:";
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        const QString text = it.key() == "seconds" ? QString::number(v.toDouble(), 'f', 3)
                             : it.key() == "packetsPerSecond" ? QString::number(qint64(v.toDouble()))
                                                              : QString::number(v.toInteger());
        line += ' ';
        line += it.key().toStdString();
        line += '=';
        line += text.toStdString();
    }
    return line;
}

std::string statsJson(const engine::PipelineStats &stats, double seconds, const ExtraCounters &extra)
{
    return QJsonDocument(statsObject(stats, seconds, extra)).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace luacap::app

// SessionPacketsSource implementation (main thread).
#include "session_packets_source.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <vector>

#include "pcapstore/stored_packet_reader.h"
#include "query/sqlite_reader.h"
#include "record_history.h"

namespace luacap::app {

namespace {
// The history's records of that flow (a cheap text test first, then the exact field).
std::vector<std::string> fromHistory(const api::RecordHistory &history, const QString &id)
{
    std::vector<std::string> out;
    const QByteArray needle = id.toUtf8();
    for (const QByteArray &json : history.after(0, history.capacity()).records) {
        if (!json.contains(needle))
            continue;
        const QJsonObject r = QJsonDocument::fromJson(json).object();
        if (r.value("network").toObject().value("community_id").toString() == id)
            out.push_back(json.toStdString());
    }
    return out;
}

std::vector<std::string> fromDatabase(const std::string &path, const QString &id, std::string *error)
{
    std::vector<std::string> out;
    engine::SqlFilter filter{"communityId = ?", {engine::SqlParam{true, id.toStdString(), 0}}};
    engine::SqliteReader reader;
    if (reader.open(path, error))
        reader.select(filter, -1, [&out](const engine::StoredSession &s) { out.push_back(s.json); }, error);
    return out;
}
} // namespace

std::optional<QByteArray> SessionPacketsSource::operator()(const QString &communityId, QString *error) const
{
    std::string why;
    std::vector<std::string> records;
    if (history_)
        records = fromHistory(*history_, communityId);
    if (records.empty() && !sqlitePath_.empty())
        records = fromDatabase(sqlitePath_, communityId, &why);
    engine::StoredPacketReader reader;
    bool ok = !records.empty() && reader.open(pcapDir_, &why);
    for (size_t i = 0; ok && i < records.size(); ++i)
        ok = reader.addRecord(records[i], &why);
    std::string pcap;
    if (ok && reader.toPcap(pcap, &why))
        return QByteArray::fromStdString(pcap);
    *error = why.empty() ? "no saved session " + communityId : QString::fromStdString(why);
    return std::nullopt;
}

} // namespace luacap::app

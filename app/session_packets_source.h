// SessionPacketsSource: the live API's packets endpoints for `luacap capture` with pcapDir
// (main thread, per request): finds the session's records by community id among the recent
// records the API keeps, else in the SQLite sink's database, and cuts their packets out of
// the pcap files (the same StoredPacketReader as `luacap packets`).
#pragma once

#include <QByteArray>
#include <QString>
#include <optional>
#include <string>

namespace luacap::api {
class RecordHistory;
}

namespace luacap::app {

class SessionPacketsSource {
public:
    // history may be null; sqlitePath empty when the sink is not SQLite.
    SessionPacketsSource(std::string pcapDir, const api::RecordHistory *history, std::string sqlitePath)
        : pcapDir_(std::move(pcapDir)), history_(history), sqlitePath_(std::move(sqlitePath))
    {
    }

    std::optional<QByteArray> operator()(const QString &communityId, QString *error) const;

private:
    std::string pcapDir_;
    const api::RecordHistory *history_;
    std::string sqlitePath_;
};

} // namespace luacap::app

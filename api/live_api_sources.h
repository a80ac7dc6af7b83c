// LiveApiSources: what the daemon lends the live API. Each source is called on the main
// thread when a request asks for it; an empty std::function means "not available here"
// (the endpoint answers 404 with a reason).
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <optional>

namespace luacap::api {

struct LiveApiSources {
    // Counters: packets, drops, sessions, per-thread load, Lua errors, ...
    std::function<QJsonObject()> stats;
    // Currently open sessions (partial records), at most limit of them.
    std::function<QJsonArray(int limit)> openSessions;
    // A saved session's packets as a pcap file, or nullopt with *error set.
    std::function<std::optional<QByteArray>(const QString &sessionId, QString *error)> sessionPackets;
};

} // namespace luacap::api

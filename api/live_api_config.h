// LiveApiConfig: where the daemon's live API listens and what it requires of clients.
#pragma once

#include <QHostAddress>
#include <QString>

namespace luacap::api {

struct LiveApiConfig {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8417;            // 0 picks a free port (tests)
    QString token;                  // required on non-loopback addresses
    size_t historyRecords = 10000;  // recent records kept for /records and the stream
    int streamBatchMs = 100;        // stream clients get at most one message per interval
    size_t streamBatchRecords = 1000;
};

// Header clients send the token in: "Authorization: Bearer TOKEN".
inline constexpr const char *kAuthorizationHeader = "Authorization";

} // namespace luacap::api

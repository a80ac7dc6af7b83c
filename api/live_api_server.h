// LiveApiServer: the daemon's control and stream API (docs/live-api.md) on Qt HttpServer and
// WebSockets. Lives on the main thread's event loop; the writer thread only pokes it through
// recordsAvailable(). Requests need "Authorization: Bearer TOKEN" when a token is set, and a
// token is required to listen anywhere but loopback.
#pragma once

#include <QHttpServer>
#include <QObject>
#include <QTimer>
#include <atomic>
#include <list>
#include <memory>

#include "live_api_config.h"
#include "live_api_sources.h"
#include "record_history.h"

class QWebSocket;

namespace luacap::api {

class LiveApiServer : public QObject {
    Q_OBJECT
public:
    LiveApiServer(LiveApiConfig config, LiveApiSources sources, RecordHistory &history, QObject *parent = nullptr);
    ~LiveApiServer() override;

    // Listens; false with a reason (no token on a public address, port in use, ...).
    bool start(QString *error);
    quint16 port() const { return port_; }

    // Any thread (the writer): new records are in the history. Cheap; coalesced.
    void recordsAvailable();

    struct Counters {
        uint64_t requests = 0;
        uint64_t unauthorized = 0;
        uint64_t streamClients = 0;      // connected now
        uint64_t streamMessages = 0;
    };
    Counters counters() const;

private:
    struct StreamClient;

    void addRoutes();
    bool authorized(const QList<QPair<QByteArray, QByteArray>> &headers) const;
    bool tokenMatches(const QByteArray &presented) const;
    QHttpServerResponse unauthorized();
    QHttpServerResponse statsResponse();
    QHttpServerResponse recordsResponse(const QHttpServerRequest &request);
    QHttpServerResponse openSessionsResponse(const QHttpServerRequest &request);
    QHttpServerResponse packetsResponse(const QString &sessionId);

    void acceptWebSockets();
    void pushToClients();
    bool pushTo(StreamClient &client);
    void dropClient(QWebSocket *socket);

    LiveApiConfig config_;
    LiveApiSources sources_;
    RecordHistory &history_;
    QHttpServer http_;
    QTimer streamTimer_;
    std::atomic<bool> wakePending_{false};
    std::list<std::unique_ptr<StreamClient>> clients_;
    Counters counters_;
    quint16 port_ = 0;
};

} // namespace luacap::api

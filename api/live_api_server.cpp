// LiveApiServer: routes, token checks and the record stream (main thread).
#include "live_api_server.h"

#include <QJsonDocument>
#include <QUrlQuery>
#include <QWebSocket>

namespace luacap::api {

namespace {
constexpr const char *kStreamPath = "/api/v1/stream";
// A stream client whose socket holds more than this unsent is skipped until it drains.
constexpr qint64 kMaxUnsentBytes = 8 << 20;

QHttpServerResponse jsonError(const QString &message, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QJsonObject{{"error", message}}, status);
}

uint64_t queryNumber(const QUrlQuery &query, const char *name, uint64_t fallback)
{
    bool ok = false;
    const uint64_t v = query.queryItemValue(name).toULongLong(&ok);
    return ok ? v : fallback;
}

// The records of a slice as one JSON object, built from their text (no re-parsing).
QByteArray sliceMessage(const RecordHistory::Slice &slice)
{
    QByteArray out = "{\"first\":" + QByteArray::number(qulonglong(slice.first)) +
                     ",\"next\":" + QByteArray::number(qulonglong(slice.next)) +
                     ",\"missed\":" + QByteArray::number(qulonglong(slice.missed)) + ",\"records\":[";
    for (qsizetype i = 0; i < slice.records.size(); ++i) {
        if (i)
            out += ',';
        out += slice.records[i];
    }
    out += "]}";
    return out;
}
} // namespace

struct LiveApiServer::StreamClient {
    std::unique_ptr<QWebSocket> socket;
    uint64_t after = 0;   // last sequence number sent
};

LiveApiServer::LiveApiServer(LiveApiConfig config, LiveApiSources sources, RecordHistory &history, QObject *parent)
    : QObject(parent), config_(std::move(config)), sources_(std::move(sources)), history_(history)
{
    streamTimer_.setSingleShot(true);
    streamTimer_.setInterval(config_.streamBatchMs);
    connect(&streamTimer_, &QTimer::timeout, this, &LiveApiServer::pushToClients);
    connect(&http_, &QAbstractHttpServer::newWebSocketConnection, this, &LiveApiServer::acceptWebSockets);
    addRoutes();
}

LiveApiServer::~LiveApiServer()
{
    // A socket closing while it is destroyed emits disconnected(): unhook dropClient first.
    for (auto &client : clients_)
        client->socket->disconnect(this);
    clients_.clear();
}

bool LiveApiServer::start(QString *error)
{
    if (!config_.address.isLoopback() && config_.token.isEmpty()) {
        *error = "the live API on " + config_.address.toString() +
                 " is reachable from other machines and needs a token (apiToken)";
        return false;
    }
    port_ = http_.listen(config_.address, config_.port);
    if (!port_) {
        *error = QString("cannot listen on %1:%2").arg(config_.address.toString()).arg(config_.port);
        return false;
    }
    return true;
}

void LiveApiServer::addRoutes()
{
    // Each handler checks the token itself: Qt 6.4's router has no per-request guard hook.
    auto guarded = [this](auto handler) {
        return [this, handler](const QHttpServerRequest &request) {
            ++counters_.requests;
            if (!authorized(request.headers()))
                return unauthorized();
            return handler(request);
        };
    };
    http_.route("/api/v1/stats", QHttpServerRequest::Method::Get,
                guarded([this](const QHttpServerRequest &) { return statsResponse(); }));
    http_.route("/api/v1/records", QHttpServerRequest::Method::Get,
                guarded([this](const QHttpServerRequest &r) { return recordsResponse(r); }));
    http_.route("/api/v1/sessions/open", QHttpServerRequest::Method::Get,
                guarded([this](const QHttpServerRequest &r) { return openSessionsResponse(r); }));
    http_.route("/api/v1/sessions/<arg>/packets", QHttpServerRequest::Method::Get,
                [this](const QString &id, const QHttpServerRequest &request) {
                    ++counters_.requests;
                    if (!authorized(request.headers()))
                        return unauthorized();
                    return packetsResponse(id);
                });
    // The same with the id in the query: community ids hold '/', which no path segment can.
    http_.route("/api/v1/packets", QHttpServerRequest::Method::Get,
                guarded([this](const QHttpServerRequest &r) {
                    return packetsResponse(r.query().queryItemValue("session", QUrl::FullyDecoded));
                }));
    // Qt 6.4 upgrades a WebSocket only on a path with a route, and only if that route writes
    // nothing (acceptWebSockets checks the token on the handshake). Plain GETs get a hint.
    http_.route(kStreamPath, [](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (request.value("upgrade").compare("websocket", Qt::CaseInsensitive) == 0)
            return;
        responder.write(QJsonDocument(QJsonObject{{"error", "this is a WebSocket endpoint"}}),
                        QHttpServerResponder::StatusCode::BadRequest);
    });
}

bool LiveApiServer::tokenMatches(const QByteArray &presented) const
{
    const QByteArray want = config_.token.toUtf8();
    // Length first, then every byte: no early exit an attacker could time.
    unsigned diff = unsigned(presented.size() ^ want.size());
    for (qsizetype i = 0; i < presented.size(); ++i)
        diff |= unsigned(uint8_t(presented[i]) ^ uint8_t(want.isEmpty() ? 0 : want[i % want.size()]));
    return diff == 0;
}

bool LiveApiServer::authorized(const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    if (config_.token.isEmpty())
        return true;
    for (const auto &[name, value] : headers) {
        if (name.compare(kAuthorizationHeader, Qt::CaseInsensitive) == 0 && value.startsWith("Bearer "))
            return tokenMatches(value.mid(7).trimmed());
    }
    return false;
}

QHttpServerResponse LiveApiServer::unauthorized()
{
    ++counters_.unauthorized;
    return jsonError("missing or wrong token: send \"Authorization: Bearer TOKEN\"",
                     QHttpServerResponse::StatusCode::Unauthorized);
}

QHttpServerResponse LiveApiServer::statsResponse()
{
    QJsonObject out = sources_.stats ? sources_.stats() : QJsonObject{};
    const Counters c = counters();
    out.insert("api", QJsonObject{{"requests", qint64(c.requests)},
                                  {"unauthorized", qint64(c.unauthorized)},
                                  {"streamClients", qint64(c.streamClients)},
                                  {"streamMessages", qint64(c.streamMessages)},
                                  {"lastRecord", qint64(history_.lastSequence())}});
    return QHttpServerResponse(out);
}

QHttpServerResponse LiveApiServer::recordsResponse(const QHttpServerRequest &request)
{
    const QUrlQuery query = request.query();
    const uint64_t after = queryNumber(query, "after", 0);
    const size_t limit = std::min<uint64_t>(queryNumber(query, "limit", 1000), 10000);
    return QHttpServerResponse("application/json", sliceMessage(history_.after(after, limit)));
}

QHttpServerResponse LiveApiServer::openSessionsResponse(const QHttpServerRequest &request)
{
    if (!sources_.openSessions)
        return jsonError("open sessions are not available from this process", QHttpServerResponse::StatusCode::NotFound);
    const int limit = int(std::min<uint64_t>(queryNumber(request.query(), "limit", 1000), 100000));
    return QHttpServerResponse(sources_.openSessions(limit));
}

QHttpServerResponse LiveApiServer::packetsResponse(const QString &sessionId)
{
    if (!sources_.sessionPackets)
        return jsonError("packets are not stored by this process (pcapDir)", QHttpServerResponse::StatusCode::NotFound);
    QString error;
    std::optional<QByteArray> pcap = sources_.sessionPackets(sessionId, &error);
    if (!pcap)
        return jsonError(error, QHttpServerResponse::StatusCode::NotFound);
    return QHttpServerResponse("application/vnd.tcpdump.pcap", *pcap);
}

void LiveApiServer::recordsAvailable()
{
    if (!wakePending_.exchange(true))
        QMetaObject::invokeMethod(this, [this] {
            wakePending_ = false;
            if (!streamTimer_.isActive() && !clients_.empty())
                streamTimer_.start();
        }, Qt::QueuedConnection);
}

void LiveApiServer::acceptWebSockets()
{
    while (http_.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = http_.nextPendingWebSocketConnection();
        const QNetworkRequest handshake = socket->request();
        ++counters_.requests;
        if (socket->requestUrl().path() != kStreamPath) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, "no such stream");
            socket.release()->deleteLater();
            continue;
        }
        QList<QPair<QByteArray, QByteArray>> headers;
        for (const QByteArray &name : handshake.rawHeaderList())
            headers.append({name, handshake.rawHeader(name)});
        if (!authorized(headers)) {
            ++counters_.unauthorized;
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated, "missing or wrong token");
            socket.release()->deleteLater();
            continue;
        }
        auto client = std::make_unique<StreamClient>();
        const QUrlQuery query(socket->requestUrl());
        client->after = queryNumber(query, "after", history_.lastSequence());
        QWebSocket *raw = socket.get();
        client->socket = std::move(socket);
        connect(raw, &QWebSocket::disconnected, this, [this, raw] { dropClient(raw); });
        clients_.push_back(std::move(client));
        ++counters_.streamClients;
        if (!streamTimer_.isActive())
            streamTimer_.start();
    }
}

void LiveApiServer::pushToClients()
{
    bool more = false;
    for (auto &client : clients_)
        more |= pushTo(*client);
    if (more)
        streamTimer_.start();
}

// One message with what the client has not seen; true if more is waiting.
bool LiveApiServer::pushTo(StreamClient &client)
{
    if (client.socket->bytesToWrite() > kMaxUnsentBytes)
        return true;
    const RecordHistory::Slice slice = history_.after(client.after, config_.streamBatchRecords);
    if (slice.records.isEmpty() && slice.missed == 0)
        return false;
    client.socket->sendTextMessage(QString::fromUtf8(sliceMessage(slice)));
    ++counters_.streamMessages;
    client.after = slice.next - 1;
    return client.after < history_.lastSequence();
}

void LiveApiServer::dropClient(QWebSocket *socket)
{
    for (auto it = clients_.begin(); it != clients_.end(); ++it) {
        if ((*it)->socket.get() == socket) {
            (*it)->socket.release()->deleteLater();   // we are inside its signal
            clients_.erase(it);
            --counters_.streamClients;
            return;
        }
    }
}

LiveApiServer::Counters LiveApiServer::counters() const
{
    return counters_;
}

} // namespace luacap::api

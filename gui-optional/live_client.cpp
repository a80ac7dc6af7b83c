// LiveClient implementation (GUI thread).
#include "live_client.h"

#include <QJsonArray>
#include <algorithm>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QUrlQuery>

namespace luacap::viewer {

namespace {
constexpr int kCloseUnauthorized = 1008;   // the daemon's answer to a wrong stream token

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}
} // namespace

LiveClient::LiveClient(QObject *parent) : QObject(parent)
{
    reconnectTimer_.setSingleShot(true);
    statsTimer_.setInterval(1000);
    connect(&reconnectTimer_, &QTimer::timeout, this, &LiveClient::probe);
    connect(&statsTimer_, &QTimer::timeout, this, &LiveClient::pollStats);
    connect(&socket_, &QWebSocket::connected, this, [this] {
        backoffMs_ = firstBackoffMs_;
        statsTimer_.start();
        setState(State::Connected, tr("Connected to %1").arg(base_.toDisplayString()));
    });
    connect(&socket_, &QWebSocket::textMessageReceived, this, &LiveClient::streamMessage);
    connect(&socket_, &QWebSocket::disconnected, this, &LiveClient::streamClosed);
    // A handshake that fails (daemon gone between probe and stream) may not say "disconnected".
    connect(&socket_, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, [this] {
        if (socket_.state() == QAbstractSocket::UnconnectedState)
            streamClosed();
    });
}

// The socket says "disconnected" while it is destroyed, after the timers: not to us.
LiveClient::~LiveClient()
{
    disconnect(&socket_, nullptr, this, nullptr);
    socket_.abort();
}

void LiveClient::setBackoff(int firstMs, int maxMs)
{
    firstBackoffMs_ = firstMs;
    maxBackoffMs_ = maxMs;
    backoffMs_ = firstMs;
}

void LiveClient::connectTo(const QUrl &base, const QString &token)
{
    disconnectFromDaemon();
    base_ = base;
    token_ = token.toUtf8();
    wanted_ = true;
    lastSequence_ = 0;
    backoffMs_ = firstBackoffMs_;
    probe();
}

void LiveClient::disconnectFromDaemon()
{
    wanted_ = false;
    ++generation_;
    reconnectTimer_.stop();
    statsTimer_.stop();
    socket_.abort();
    if (state_ != State::Disconnected)
        setState(State::Disconnected, tr("Disconnected"));
}

QNetworkRequest LiveClient::request(const QString &path, bool webSocket) const
{
    QUrl url = base_;
    url.setPath(path);
    if (webSocket)
        url.setScheme(base_.scheme() == "https" ? "wss" : "ws");
    QNetworkRequest r(url);
    if (!token_.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + token_);
    return r;
}

// Asks /stats first: it tells a refused token (401) and a restarted daemon apart cheaply.
void LiveClient::probe()
{
    if (state_ != State::Reconnecting)
        setState(State::Connecting, tr("Connecting to %1").arg(base_.toDisplayString()));
    QNetworkReply *reply = network_.get(request("/api/v1/stats", false));
    const quint64 generation = generation_;
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation] {
        reply->deleteLater();
        if (generation == generation_)
            probeFinished(reply);
    });
}

void LiveClient::probeFinished(QNetworkReply *reply)
{
    const int status = httpStatus(reply);
    if (status == 401) {
        wanted_ = false;
        setState(State::Unauthorized, unauthorizedText());
        return;
    }
    if (status != 200) {
        scheduleReconnect(reply->error() != QNetworkReply::NoError ? reply->errorString()
                                                                   : tr("HTTP status %1").arg(status));
        return;
    }
    const QJsonObject stats = QJsonDocument::fromJson(reply->readAll()).object();
    const auto daemonLast = quint64(stats.value("api").toObject().value("lastRecord").toInteger());
    if (daemonLast < lastSequence_)   // a restarted daemon numbers its records from 1 again
        lastSequence_ = 0;
    emit statsReceived(stats);
    openStream();
}

void LiveClient::openStream()
{
    QNetworkRequest r = request("/api/v1/stream", true);
    QUrl url = r.url();
    url.setQuery(QUrlQuery{{"after", QString::number(lastSequence_)}});
    r.setUrl(url);
    socket_.open(r);
}

void LiveClient::streamMessage(const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const quint64 next = quint64(message.value("next").toInteger());
    if (next > 0)
        lastSequence_ = next - 1;
    if (const quint64 missed = quint64(message.value("missed").toInteger()))
        emit recordsMissed(missed);
    const QJsonArray array = message.value("records").toArray();
    QList<QByteArray> records;
    records.reserve(array.size());
    for (const QJsonValue &r : array)
        records.append(QJsonDocument(r.toObject()).toJson(QJsonDocument::Compact));
    if (!records.isEmpty())
        emit recordsReceived(records);
}

void LiveClient::streamClosed()
{
    statsTimer_.stop();
    if (!wanted_)
        return;
    if (socket_.closeCode() == kCloseUnauthorized) {
        wanted_ = false;
        setState(State::Unauthorized, unauthorizedText());
        return;
    }
    scheduleReconnect(tr("the daemon closed the stream"));
}

void LiveClient::scheduleReconnect(const QString &reason)
{
    if (reconnectTimer_.isActive())
        return;
    setState(State::Reconnecting, tr("Lost %1 (%2); retrying in %3 s")
                                      .arg(base_.toDisplayString(), reason)
                                      .arg(backoffMs_ / 1000.0, 0, 'f', 1));
    reconnectTimer_.start(backoffMs_);
    backoffMs_ = std::min(backoffMs_ * 2, maxBackoffMs_);
}

void LiveClient::pollStats()
{
    QNetworkReply *reply = network_.get(request("/api/v1/stats", false));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (httpStatus(reply) == 200)
            emit statsReceived(QJsonDocument::fromJson(reply->readAll()).object());
    });
}

void LiveClient::fetchPackets(const QString &sessionId)
{
    // The id goes in the query: community ids hold '/', which no path segment can.
    QNetworkRequest r = request("/api/v1/packets", false);
    QUrl url = r.url();
    url.setQuery("session=" + QString::fromLatin1(QUrl::toPercentEncoding(sessionId)));
    r.setUrl(url);
    QNetworkReply *reply = network_.get(r);
    connect(reply, &QNetworkReply::finished, this, [this, reply, sessionId] {
        reply->deleteLater();
        const int status = httpStatus(reply);
        const QByteArray body = reply->readAll();
        if (status == 200)
            emit packetsFetched(sessionId, body);
        else if (status == 401)
            emit packetsFailed(sessionId, unauthorizedText());
        else
            emit packetsFailed(sessionId, status ? tr("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body).trimmed())
                                                 : reply->errorString());
    });
}

QString LiveClient::unauthorizedText() const
{
    return token_.isEmpty()
        ? tr("%1 needs a token (401 Unauthorized): enter the daemon's apiToken in File > Connect")
              .arg(base_.toDisplayString())
        : tr("%1 refused the token (401 Unauthorized): check the daemon's apiToken in File > Connect")
              .arg(base_.toDisplayString());
}

void LiveClient::setState(State state, const QString &message)
{
    state_ = state;
    message_ = message;
    emit stateChanged(state, message);
}

} // namespace luacap::viewer

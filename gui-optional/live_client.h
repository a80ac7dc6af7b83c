// LiveClient: the viewer's connection to a running daemon's live API (docs/live-api.md).
// Checks the daemon with GET /stats, then follows the WebSocket record stream from the last
// record it saw; reconnects with a doubling backoff when the daemon goes away, starts over
// when a restarted daemon numbers records from 1 again, and stops with a clear message when
// the token is refused. Polls /stats for the stats panel; fetches a session's packets.
// GUI thread.
#pragma once

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

namespace luacap::viewer {

class LiveClient : public QObject {
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting, Unauthorized };
    Q_ENUM(State)

    explicit LiveClient(QObject *parent = nullptr);
    ~LiveClient() override;

    // base: "http://127.0.0.1:8417"; token may be empty (loopback daemons without one).
    void connectTo(const QUrl &base, const QString &token);
    void disconnectFromDaemon();
    State state() const { return state_; }
    QString message() const { return message_; }
    quint64 lastSequence() const { return lastSequence_; }

    void setBackoff(int firstMs, int maxMs);
    void setStatsInterval(int ms) { statsTimer_.setInterval(ms); }

    // Answers with packetsFetched or packetsFailed.
    void fetchPackets(const QString &sessionId);

signals:
    void stateChanged(luacap::viewer::LiveClient::State state, const QString &message);
    void recordsReceived(const QList<QByteArray> &records);
    void recordsMissed(quint64 count);
    void statsReceived(const QJsonObject &stats);
    void packetsFetched(const QString &sessionId, const QByteArray &pcap);
    void packetsFailed(const QString &sessionId, const QString &reason);

private:
    QNetworkRequest request(const QString &path, bool webSocket) const;
    void probe();
    void probeFinished(QNetworkReply *reply);
    void openStream();
    void streamMessage(const QString &text);
    void streamClosed();
    void scheduleReconnect(const QString &reason);
    void pollStats();
    void setState(State state, const QString &message);
    QString unauthorizedText() const;

    QNetworkAccessManager network_;
    QWebSocket socket_;
    QTimer reconnectTimer_;
    QTimer statsTimer_;
    QUrl base_;
    QByteArray token_;
    State state_ = State::Disconnected;
    QString message_;
    bool wanted_ = false;        // the user asked for a connection (reconnect while true)
    quint64 generation_ = 0;     // replies of an older connectTo are ignored
    quint64 lastSequence_ = 0;
    int firstBackoffMs_ = 500;
    int maxBackoffMs_ = 10000;
    int backoffMs_ = 500;
};

} // namespace luacap::viewer

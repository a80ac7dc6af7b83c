// HttpServiceClient implementation (main thread, except the constructor).
#include "arkime/http_service_client.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>
#include <algorithm>

#include "arkime/http_service_counters.h"

namespace luacap::luaapi {

namespace {
constexpr qint64 kFirstBackoffMs = 250;
constexpr qint64 kMaxBackoffMs = 30'000;
} // namespace

HttpServiceClient::HttpServiceClient(std::vector<QByteArray> bases, int maxConnections, HttpServiceOptions options)
    : maxConnections_(std::max(1, maxConnections)), options_(std::move(options))
{
    for (QByteArray &base : bases)
        hosts_.push_back(Host{std::move(base)});
    clock_.start();
}

// Replies still on the wire belong to a packet thread that gave up waiting: drop them
// without callbacks (their jobs die here), before the manager's children go.
HttpServiceClient::~HttpServiceClient()
{
    for (auto &[reply, flight] : inFlight_) {
        reply->disconnect(this);
        reply->abort();
    }
    inFlight_.clear();
    delete manager_;
}

QNetworkAccessManager &HttpServiceClient::manager()
{
    if (!manager_)
        manager_ = new QNetworkAccessManager(this);
    return *manager_;
}

void HttpServiceClient::submit(HttpRequestJob job)
{
    Q_ASSERT(thread() == QThread::currentThread());
    waiting_.push_back(std::move(job));
    pump();
}

void HttpServiceClient::pump()
{
    while (!waiting_.empty() && int(inFlight_.size()) < maxConnections_) {
        HttpRequestJob job = std::move(waiting_.front());
        waiting_.pop_front();
        send(std::move(job));
    }
}

// Round-robin over the hosts that are up; when all rest, the one that wakes first is tried
// (a request never waits for a host to come back: it fails or succeeds now).
size_t HttpServiceClient::pickHost()
{
    const qint64 now = clock_.elapsed();
    for (size_t k = 0; k < hosts_.size(); ++k) {
        const size_t i = (next_ + k) % hosts_.size();
        if (hosts_[i].upAtMs <= now) {
            next_ = i + 1;
            return i;
        }
    }
    const auto first = std::min_element(hosts_.begin(), hosts_.end(),
                                        [](const Host &a, const Host &b) { return a.upAtMs < b.upAtMs; });
    return size_t(first - hosts_.begin());
}

void HttpServiceClient::send(HttpRequestJob job)
{
    const size_t host = pickHost();
    ++job.attempts;
    QNetworkRequest request(QUrl::fromEncoded(hosts_[host].base + job.path));
    if (request.url().scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!options_.caFile.isEmpty())
            tls.addCaCertificates(options_.caFile);
        if (options_.insecure)
            tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(tls);
    }
    if (!job.data.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    QNetworkReply *reply = manager().sendCustomRequest(request, job.method, job.data);
    inFlight_.emplace(reply, InFlight{std::move(job), host, false});
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
    QTimer::singleShot(options_.timeoutMs, reply, [this, reply] {
        const auto it = inFlight_.find(reply);
        if (it == inFlight_.end())
            return;
        it->second.timedOut = true;
        reply->abort();
    });
}

void HttpServiceClient::markDown(size_t host)
{
    Host &h = hosts_[host];
    ++h.failures;
    const qint64 backoff = std::min(kMaxBackoffMs, kFirstBackoffMs << std::min(h.failures - 1, 16));
    h.upAtMs = clock_.elapsed() + backoff;
}

// An HTTP status (any, 404 and 500 included) is an answer. No status: the connection failed
// (refused, DNS, TLS): the host rests and another one is tried, until every host was.
void HttpServiceClient::onFinished(QNetworkReply *reply)
{
    const auto it = inFlight_.find(reply);
    if (it == inFlight_.end())
        return;
    InFlight flight = std::move(it->second);
    inFlight_.erase(it);
    reply->deleteLater();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    HttpServiceCounters &counters = HttpServiceCounters::instance();
    if (flight.timedOut) {
        ++counters.failures;
        flight.job.deliver(0, "timeout after " + QByteArray::number(options_.timeoutMs) + " ms");
    } else if (status.isValid()) {
        hosts_[flight.host].failures = 0;
        flight.job.deliver(status.toInt(), reply->readAll());
    } else {
        markDown(flight.host);
        if (flight.job.attempts < hosts_.size()) {
            ++counters.retries;
            waiting_.push_front(std::move(flight.job));
        } else {
            ++counters.failures;
            flight.job.deliver(0, reply->errorString().toUtf8());
        }
    }
    pump();
}

} // namespace luacap::luaapi

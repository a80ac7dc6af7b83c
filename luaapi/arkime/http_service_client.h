// HttpServiceClient: the network side of one ArkimeHttpService, on the main thread's event
// loop (QNetworkAccessManager). Round-robin over the hosts that are up, a failed host rests
// with exponential backoff, at most maxConnections requests on the wire, one answer per job.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "arkime/http_request_job.h"
#include "arkime/http_service_options.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace luacap::luaapi {

class HttpServiceClient : public QObject {
public:
    // Built on any thread; moveToThread the main thread before submit.
    HttpServiceClient(std::vector<QByteArray> bases, int maxConnections, HttpServiceOptions options);
    ~HttpServiceClient() override;

    // Main thread.
    void submit(HttpRequestJob job);

private:
    struct Host {
        QByteArray base;
        int failures = 0;      // consecutive connection failures
        qint64 upAtMs = 0;     // resting until then (clock_ time)
    };
    struct InFlight {
        HttpRequestJob job;
        size_t host = 0;
        bool timedOut = false;
    };

    void pump();
    void send(HttpRequestJob job);
    size_t pickHost();
    void onFinished(QNetworkReply *reply);
    void markDown(size_t host);
    QNetworkAccessManager &manager();

    std::vector<Host> hosts_;
    size_t next_ = 0;
    int maxConnections_;
    HttpServiceOptions options_;
    QNetworkAccessManager *manager_ = nullptr;   // created on the main thread, on first use
    std::deque<HttpRequestJob> waiting_;
    std::unordered_map<QNetworkReply *, InFlight> inFlight_;
    QElapsedTimer clock_;
};

} // namespace luacap::luaapi

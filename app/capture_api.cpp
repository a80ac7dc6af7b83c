// CaptureApi: wiring of the live API into `luacap capture` (main thread; the tap runs on the
// writer thread and only pokes the server).
#include "capture_api.h"

#include <cstdio>

#include "live_api_server.h"
#include "record_history.h"
#include "tapped_sink.h"

namespace luacap::app {

CaptureApi::CaptureApi(const engine::CaptureConfig &config, engine::RecordSink &sink) : config_(config), sink_(sink)
{
    if (!config_.api)
        return;
    history_ = std::make_unique<api::RecordHistory>(size_t(config_.apiHistory));
    // server_ is set in start(), before the writer thread exists; until then nobody listens.
    tap_ = std::make_unique<api::TappedSink>(sink_, *history_, [this] {
        if (server_)
            server_->recordsAvailable();
    });
}

CaptureApi::~CaptureApi() = default;

engine::RecordSink &CaptureApi::sink()
{
    return tap_ ? static_cast<engine::RecordSink &>(*tap_) : sink_;
}

bool CaptureApi::start(std::function<QJsonObject()> stats, std::string *error)
{
    if (!config_.api)
        return true;
    api::LiveApiConfig config;
    config.address = QHostAddress(QString::fromStdString(config_.apiAddress));
    config.port = quint16(config_.apiPort);
    config.token = QString::fromStdString(config_.apiToken);
    config.historyRecords = size_t(config_.apiHistory);
    if (config.address.isNull()) {
        *error = "apiAddress: '" + config_.apiAddress + "' is not an IP address";
        return false;
    }
    if (!config.address.isLoopback() && config.token.isEmpty()) {
        *error = "the live API on " + config_.apiAddress +
                 " is reachable from other machines and needs apiToken (or use --no-api)";
        return false;
    }
    api::LiveApiSources sources;
    sources.stats = std::move(stats);
    sources.sessionPackets = sessionPackets_;
    auto server = std::make_unique<api::LiveApiServer>(config, sources, *history_);
    QString why;
    if (!server->start(&why)) {
        std::fprintf(stderr, "luacap capture: warning: live API disabled: %s\n", qPrintable(why));
        return true;
    }
    std::fprintf(stderr, "luacap capture: live API on http://%s:%u\n", config_.apiAddress.c_str(), server->port());
    server_ = std::move(server);
    return true;
}

} // namespace luacap::app

// CaptureApi: the live API of `luacap capture` (docs/live-api.md): taps the sink the writer
// thread writes to, and serves the daemon's counters and records on the main thread.
#pragma once

#include <QJsonObject>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

#include "config/capture_config.h"
#include "records/record_sink.h"

namespace luacap::api {
class LiveApiServer;
class RecordHistory;
class TappedSink;
} // namespace luacap::api

namespace luacap::app {

class CaptureApi {
public:
    CaptureApi(const engine::CaptureConfig &config, engine::RecordSink &sink);
    ~CaptureApi();

    // The sink the pipeline must write to: the tap when the API is on, else the real sink.
    engine::RecordSink &sink();
    // Refuses (false, *error) a public address without a token: a config error. A port that
    // cannot be opened only disables the API, with a warning: capture matters more.
    bool start(std::function<QJsonObject()> stats, std::string *error);
    // Before start(), with pcapDir: serves the packets endpoints (SessionPacketsSource).
    void setSessionPackets(std::function<std::optional<QByteArray>(const QString &, QString *)> source)
    {
        sessionPackets_ = std::move(source);
    }
    const api::RecordHistory *history() const { return history_.get(); }

private:
    const engine::CaptureConfig &config_;
    engine::RecordSink &sink_;
    std::unique_ptr<api::RecordHistory> history_;
    std::unique_ptr<api::TappedSink> tap_;
    std::unique_ptr<api::LiveApiServer> server_;
    std::function<std::optional<QByteArray>(const QString &, QString *)> sessionPackets_;
};

} // namespace luacap::app

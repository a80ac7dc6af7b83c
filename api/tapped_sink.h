// TappedSink: a RecordSink that forwards every record to the real sink and then shows it to
// the live API (history + a wake-up for stream clients). Writer thread.
#pragma once

#include <functional>
#include <memory>

#include "record_history.h"
#include "records/record_sink.h"

namespace luacap::api {

class TappedSink final : public engine::RecordSink {
public:
    // notify runs on the writer thread after each record; it must only post (queued signal).
    TappedSink(engine::RecordSink &inner, RecordHistory &history, std::function<void()> notify)
        : inner_(inner), history_(history), notify_(std::move(notify)) {}

    bool write(const std::string &json) override;
    bool flush() override { return inner_.flush(); }
    std::string error() const override { return inner_.error(); }

private:
    engine::RecordSink &inner_;
    RecordHistory &history_;
    std::function<void()> notify_;
};

} // namespace luacap::api

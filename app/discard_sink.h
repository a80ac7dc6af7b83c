// DiscardSink: a record sink that keeps nothing, for the first pass of `luacap replay
// --two-pass` (records come from the second). Writer thread.
#pragma once

#include "records/record_sink.h"

namespace luacap::app {

class DiscardSink final : public engine::RecordSink {
public:
    bool write(const std::string &) override { return true; }
    bool flush() override { return true; }
    std::string error() const override { return {}; }
};

} // namespace luacap::app

// MemorySink: a RecordSink that keeps every record as a JSON line in memory, for tests that
// run the engine in-process and compare its output.
#pragma once

#include <string>

#include "records/record_sink.h"

namespace luacap::test {

struct MemorySink : engine::RecordSink {
    std::string text;
    bool write(const std::string &json) override
    {
        text += json;
        text += '\n';
        return true;
    }
    bool flush() override { return true; }
    std::string error() const override { return {}; }
};

} // namespace luacap::test

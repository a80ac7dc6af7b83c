// MemorySink: keeps the records of one in-process replay in memory for `luacap test`. The
// writer thread appends; the case's pool thread reads after the pipeline ended.
#pragma once

#include <string>
#include <vector>

#include "records/record_sink.h"

namespace luacap::app::testing {

class MemorySink : public engine::RecordSink {
public:
    bool write(const std::string &json) override
    {
        records_.push_back(json);
        return true;
    }
    bool flush() override { return true; }
    std::string error() const override { return {}; }
    const std::vector<std::string> &records() const { return records_; }

private:
    std::vector<std::string> records_;
};

} // namespace luacap::app::testing

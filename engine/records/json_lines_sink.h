// JsonLinesSink: one JSON record per line to a file or stdout (writer thread).
#pragma once

#include <cstdio>
#include <string>

#include "records/record_sink.h"

namespace luacap::engine {

class JsonLinesSink : public RecordSink {
public:
    ~JsonLinesSink() override;
    // "-" is standard output.
    bool open(const std::string &path);
    bool write(const std::string &json) override;
    bool flush() override;
    std::string error() const override { return error_; }

private:
    FILE *file_ = nullptr;
    bool ownsFile_ = false;
    std::string error_;
};

} // namespace luacap::engine

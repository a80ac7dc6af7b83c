// RecordSink: where session records go (JSON lines now; SQLite and ClickHouse later).
// Called only from the writer thread, in output order.
#pragma once

#include <string>

namespace luacap::engine {

class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual bool write(const std::string &json) = 0;   // false on a write error
    virtual bool flush() = 0;
    virtual std::string error() const = 0;
};

} // namespace luacap::engine

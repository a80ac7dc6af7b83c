// SinkSpec: which record sink `luacap replay --sink` asked for, and opening it (main thread).
#pragma once

#include <memory>
#include <string>

#include "records/clickhouse_options.h"
#include "records/record_sink.h"

namespace luacap::app {

struct SinkSpec {
    enum class Kind { Json, Sqlite, ClickHouse };
    Kind kind = Kind::Json;
    std::string path;                    // JSON output file or SQLite database
    engine::ClickHouseOptions clickhouse;
};

// "json", "sqlite:PATH" or "clickhouse:URL[,table=T][,spool=DIR][,spool-max=BYTES][,batch=N][,flush-timeout=MS]".
bool parseSinkSpec(const std::string &text, SinkSpec &spec, std::string *error);

// Opens the sink (JSON goes to output); null with *error on failure.
std::unique_ptr<engine::RecordSink> openSink(const SinkSpec &spec, const std::string &output, std::string *error);

// Extra stats for the end of a run ("clickhouse: inserted=..."), empty for sinks without any.
std::string sinkCounters(const engine::RecordSink &sink);

} // namespace luacap::app

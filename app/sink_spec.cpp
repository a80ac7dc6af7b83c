// SinkSpec parsing and sink construction (main thread).
#include "sink_spec.h"

#include <QString>
#include <QStringList>

#include "records/clickhouse_sink.h"
#include "records/json_lines_sink.h"
#include "records/sqlite_sink.h"

namespace luacap::app {

namespace {
bool positive(const QString &value, int64_t &out)
{
    bool ok = false;
    out = value.toLongLong(&ok);
    return ok && out > 0;
}

bool clickHouseOption(const QString &item, engine::ClickHouseOptions &o, std::string *error)
{
    const QString key = item.section('=', 0, 0);
    const QString value = item.section('=', 1);
    int64_t n = 0;
    if (key == "table" && !value.isEmpty())
        o.table = value;
    else if (key == "spool" && !value.isEmpty())
        o.spoolDir = value;
    else if (key == "spool-max" && positive(value, n))
        o.maxSpoolBytes = n;
    else if (key == "batch" && positive(value, n) && n <= 1000000)
        o.batchSize = int(n);
    else if (key == "flush-timeout" && positive(value, n) && n <= 86400000)
        o.flushTimeoutMs = int(n);
    else {
        *error = "bad ClickHouse sink option '" + item.toStdString() +
                 "' (known: table=NAME, spool=DIR, spool-max=BYTES, batch=N, flush-timeout=MS)";
        return false;
    }
    return true;
}
} // namespace

bool parseSinkSpec(const std::string &text, SinkSpec &spec, std::string *error)
{
    const QString s = QString::fromStdString(text);
    if (s == "json") {
        spec.kind = SinkSpec::Kind::Json;
        return true;
    }
    if (s.startsWith("sqlite:") && s.size() > 7) {
        spec.kind = SinkSpec::Kind::Sqlite;
        spec.path = s.mid(7).toStdString();
        return true;
    }
    if (s.startsWith("clickhouse:") && s.size() > 11) {
        spec.kind = SinkSpec::Kind::ClickHouse;
        const QStringList parts = s.mid(11).split(',');
        spec.clickhouse.url = parts.first();
        for (qsizetype i = 1; i < parts.size(); ++i) {
            if (!clickHouseOption(parts[i], spec.clickhouse, error))
                return false;
        }
        return true;
    }
    *error = "--sink must be json, sqlite:PATH or clickhouse:URL[,table=NAME,...], not '" + text + "'";
    return false;
}

std::unique_ptr<engine::RecordSink> openSink(const SinkSpec &spec, const std::string &output, std::string *error)
{
    if (spec.kind == SinkSpec::Kind::Sqlite) {
        auto sink = std::make_unique<engine::SqliteSink>();
        if (!sink->open(spec.path))
            return *error = sink->error(), nullptr;
        return sink;
    }
    if (spec.kind == SinkSpec::Kind::ClickHouse) {
        auto sink = std::make_unique<engine::ClickHouseSink>(spec.clickhouse);
        if (!sink->open())
            return *error = sink->error(), nullptr;
        return sink;
    }
    auto sink = std::make_unique<engine::JsonLinesSink>();
    if (!sink->open(output))
        return *error = sink->error(), nullptr;
    return sink;
}

std::string sinkCounters(const engine::RecordSink &sink)
{
    if (const auto *ch = dynamic_cast<const engine::ClickHouseSink *>(&sink))
        return "clickhouse: " + ch->countersText();
    if (const auto *sq = dynamic_cast<const engine::SqliteSink *>(&sink))
        return "sqlite: committed=" + std::to_string(sq->committed());
    return {};
}

} // namespace luacap::app

// ClickHouseSink: session records into a ClickHouse table over its HTTP interface. write()
// and flush() run on the writer thread and only build batches and hand them over; the network
// work (spool, INSERT, retry) runs on the sink's own thread (ClickHouseShipper).
#pragma once

#include <QByteArray>
#include <QString>
#include <QThread>
#include <memory>
#include <string>

#include "records/clickhouse_options.h"
#include "records/record_sink.h"

namespace luacap::engine {

class ClickHouseShipper;

class ClickHouseSink : public RecordSink {
public:
    explicit ClickHouseSink(const ClickHouseOptions &options);
    ~ClickHouseSink() override;
    ClickHouseSink(const ClickHouseSink &) = delete;
    ClickHouseSink &operator=(const ClickHouseSink &) = delete;

    // Checks the options and starts the shipper thread (it retries on its own if the server is down).
    bool open();
    bool write(const std::string &json) override;
    // Hands over the open batch and waits (up to flushTimeoutMs) until every record is inserted.
    bool flush() override;
    std::string error() const override;
    const ClickHouseCounters &counters() const { return counters_; }
    // "inserted=N batches=N retries=N spooled=N dropped=N rejected=N pending=N"
    std::string countersText() const;

private:
    void handOver();

    ClickHouseOptions options_;
    ClickHouseCounters counters_;
    QThread thread_;
    std::unique_ptr<ClickHouseShipper> shipper_;
    QByteArray batch_;
    int batchRecords_ = 0;
    uint64_t batchSeq_ = 0;
    QString runId_;
    std::string error_;
};

} // namespace luacap::engine

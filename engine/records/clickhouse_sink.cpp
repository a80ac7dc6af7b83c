// ClickHouseSink implementation (writer thread; the shipper runs on thread_).
#include "records/clickhouse_sink.h"

#include <QMetaObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

#include "records/clickhouse_shipper.h"
#include "records/session_row.h"

namespace luacap::engine {

ClickHouseSink::ClickHouseSink(const ClickHouseOptions &options)
    : options_(options), runId_(QUuid::createUuid().toString(QUuid::Id128))
{
}

ClickHouseSink::~ClickHouseSink()
{
    if (!shipper_)
        return;
    // Unsent batches (and a batch never flushed) stay in the spool directory for the next run.
    handOver();
    QMetaObject::invokeMethod(shipper_.get(), &ClickHouseShipper::stop, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

bool ClickHouseSink::open()
{
    static const QRegularExpression kName("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$");
    if (!kName.match(options_.table).hasMatch()) {
        error_ = "bad ClickHouse table name '" + options_.table.toStdString() + "'";
        return false;
    }
    const QUrl url(options_.url);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https")) {
        error_ = "bad ClickHouse URL '" + options_.url.toStdString() + "' (want http://host:8123/)";
        return false;
    }
    shipper_ = std::make_unique<ClickHouseShipper>(options_, counters_);
    shipper_->moveToThread(&thread_);
    thread_.setObjectName("clickhouse");
    thread_.start();
    QMetaObject::invokeMethod(shipper_.get(), &ClickHouseShipper::start, Qt::QueuedConnection);
    return true;
}

bool ClickHouseSink::write(const std::string &json)
{
    SessionRow row;
    if (!row.parse(json)) {
        error_ = "record is not a JSON object";
        return false;
    }
    const QString batchId = runId_ + "-" + QString::number(batchSeq_);
    batch_ += row.toJsonEachRow(json, batchId.toStdString());
    batch_ += '\n';
    if (++batchRecords_ >= options_.batchSize)
        handOver();
    return true;
}

void ClickHouseSink::handOver()
{
    if (batchRecords_ == 0)
        return;
    const QString batchId = runId_ + "-" + QString::number(batchSeq_++);
    counters_.pending += batchRecords_;
    QMetaObject::invokeMethod(shipper_.get(), "enqueue", Qt::QueuedConnection, Q_ARG(QString, batchId),
                              Q_ARG(QByteArray, batch_), Q_ARG(qint64, qint64(batchRecords_)));
    batch_.clear();
    batchRecords_ = 0;
}

bool ClickHouseSink::flush()
{
    if (!shipper_)
        return error_.empty();
    handOver();
    if (shipper_->waitDrained(options_.flushTimeoutMs) && counters_.dropped == 0 && counters_.rejected == 0)
        return true;
    error_ = "ClickHouse: " + countersText() + "; last error: " + shipper_->lastError();
    if (counters_.dropped > 0)
        error_ += "; records were dropped because the spool was full or unwritable";
    return false;
}

std::string ClickHouseSink::error() const
{
    return error_;
}

std::string ClickHouseSink::countersText() const
{
    const ClickHouseCounters &c = counters_;
    return "inserted=" + std::to_string(c.inserted) + " batches=" + std::to_string(c.batches) +
           " retries=" + std::to_string(c.retries) + " spooled=" + std::to_string(c.spooled) +
           " dropped=" + std::to_string(c.dropped) + " rejected=" + std::to_string(c.rejected) +
           " duplicatesAvoided=" + std::to_string(c.duplicatesAvoided) + " pending=" + std::to_string(c.pending);
}

} // namespace luacap::engine

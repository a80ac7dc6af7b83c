// ClickHouseShipper implementation (the ClickHouse sink's own thread).
#include "records/clickhouse_shipper.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>
#include <algorithm>

namespace luacap::engine {

namespace {
enum Kind { CreateTable = 0, Insert = 1, CheckBatch = 2 };
}

ClickHouseShipper::ClickHouseShipper(const ClickHouseOptions &options, ClickHouseCounters &counters)
    : options_(options), counters_(counters)
{
    if (options_.spoolDir.isEmpty())
        options_.spoolDir = QDir::tempPath() + "/luacap-clickhouse-spool-" + options_.table;
}

ClickHouseShipper::~ClickHouseShipper() = default;

void ClickHouseShipper::start()
{
    network_ = new QNetworkAccessManager(this);
    retryTimer_ = new QTimer(this);
    retryTimer_->setSingleShot(true);
    connect(retryTimer_, &QTimer::timeout, this, [this] { pump(); });
    std::string error;
    if (!spool_.open(options_.spoolDir, options_.maxSpoolBytes, &error))
        setError(error);
    counters_.pending += spool_.records();
    pump();
}

void ClickHouseShipper::stop()
{
    // Runs on the shipper thread, so the timer and the network objects die where they live.
    stopped_ = true;
    if (inFlight_)
        inFlight_->disconnect(this);
    inFlight_ = nullptr;
    delete retryTimer_;
    retryTimer_ = nullptr;
    delete network_;   // aborts and deletes any reply still running
    network_ = nullptr;
}

void ClickHouseShipper::enqueue(const QString &batchId, const QByteArray &rows, qint64 records)
{
    std::string error;
    if (spool_.add(batchId, rows, records, &error)) {
        counters_.spooled += uint64_t(records);
    } else {
        counters_.dropped += uint64_t(records);
        setError("dropped " + std::to_string(records) + " records: " + error);
        settle(records);
    }
    pump();
}

// One request at a time, oldest batch first, so the table keeps the output order.
void ClickHouseShipper::pump()
{
    if (stopped_ || !network_ || inFlight_ || retryTimer_->isActive() || spool_.empty())
        return;
    if (!tableReady_)
        return send(createTableSql(), {}, CreateTable);
    SpooledBatch &b = spool_.front();
    if (b.failures > 0) {
        const QString check = QString("SELECT count() FROM %1 WHERE batch = '%2'").arg(options_.table, b.batchId);
        return send(check.toUtf8(), {}, CheckBatch);
    }
    send("INSERT INTO " + options_.table.toUtf8() + " FORMAT JSONEachRow", b.rows, Insert);
}

void ClickHouseShipper::send(const QByteArray &query, const QByteArray &body, int kind)
{
    QUrl url(options_.url);
    QUrlQuery params(url);
    params.addQueryItem("query", QString::fromUtf8(query));
    url.setQuery(params);
    QNetworkRequest request(url);
    request.setTransferTimeout(options_.requestTimeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/octet-stream");
    inFlight_ = network_->post(request, body);
    QNetworkReply *reply = inFlight_;
    connect(reply, &QNetworkReply::finished, this, [this, reply, kind] { onReply(reply, kind); });
}

void ClickHouseShipper::onReply(QNetworkReply *reply, int kind)
{
    reply->deleteLater();
    if (reply != inFlight_)
        return;   // aborted by stop()
    inFlight_ = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        const std::string why = status ? "HTTP " + std::to_string(status) + ": " + answer.left(300).trimmed().toStdString()
                                       : reply->errorString().toStdString();
        return onFailure(why, status != 0);
    }
    backoffMs_ = 0;
    if (kind == CreateTable) {
        tableReady_ = true;
    } else if (kind == Insert) {
        onInserted();
    } else if (answer.trimmed().toLongLong() > 0) {
        ++counters_.duplicatesAvoided;   // the failed attempt did reach the table
        onInserted();
    } else {
        spool_.front().failures = 0;     // not there: send it again
    }
    pump();
}

void ClickHouseShipper::onInserted()
{
    const int64_t records = spool_.front().records;
    spool_.removeFront();
    counters_.inserted += uint64_t(records);
    ++counters_.batches;
    settle(records);
}

// Unreachable server: back off and retry for ever (the spool bounds what waits). A server
// that keeps rejecting one batch gets it set aside after maxRejects, so the rest can go on.
void ClickHouseShipper::onFailure(const std::string &why, bool serverAnswered)
{
    ++counters_.retries;
    setError(why);
    if (!spool_.empty()) {
        SpooledBatch &b = spool_.front();
        ++b.failures;
        if (serverAnswered && tableReady_ && ++b.rejects >= options_.maxRejects) {
            const int64_t records = b.records;
            spool_.rejectFront();
            counters_.rejected += uint64_t(records);
            settle(records);
        }
    }
    if (!serverAnswered)
        tableReady_ = false;   // a restarted server may have lost it (or be a new one)
    backoffMs_ = backoffMs_ ? std::min(backoffMs_ * 2, options_.maxBackoffMs) : options_.minBackoffMs;
    retryTimer_->start(backoffMs_);
}

void ClickHouseShipper::settle(int64_t records)
{
    std::lock_guard<std::mutex> lock(mutex_);
    counters_.pending -= records;
    drained_.notify_all();
}

void ClickHouseShipper::setError(const std::string &error)
{
    std::lock_guard<std::mutex> lock(mutex_);
    lastError_ = error;
}

std::string ClickHouseShipper::lastError() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return lastError_;
}

bool ClickHouseShipper::waitDrained(int timeoutMs)
{
    std::unique_lock<std::mutex> lock(mutex_);
    return drained_.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return counters_.pending.load() <= 0; });
}

// Old servers (Debian's 18.16) lack DateTime64: times stay Int64 milliseconds.
QByteArray ClickHouseShipper::createTableSql() const
{
    return "CREATE TABLE IF NOT EXISTS " + options_.table.toUtf8() +
           " (firstPacket Int64, lastPacket Int64, ipProtocol UInt8, srcIp String, srcPort UInt16,"
           " dstIp String, dstPort UInt16, packets UInt64, bytes UInt64, dataBytes UInt64,"
           " protocols String, tags String, node String, communityId String, batch String, json String)"
           " ENGINE = MergeTree() PARTITION BY intDiv(firstPacket, 2592000000)"
           " ORDER BY (firstPacket, srcIp, dstIp)";
}

} // namespace luacap::engine

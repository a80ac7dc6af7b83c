// ClickHouseShipper: the ClickHouse sink's network side. Lives on the sink's own QThread with
// its own event loop: spools each batch, creates the table on first use, sends the oldest
// batch with INSERT ... FORMAT JSONEachRow, and retries with exponential backoff.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <condition_variable>
#include <mutex>
#include <string>

#include "records/clickhouse_options.h"
#include "records/clickhouse_spool.h"

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace luacap::engine {

class ClickHouseShipper : public QObject {
    Q_OBJECT
public:
    ClickHouseShipper(const ClickHouseOptions &options, ClickHouseCounters &counters);
    ~ClickHouseShipper() override;

    // Any thread: blocks until pending reaches 0 or the timeout passes; false on timeout.
    bool waitDrained(int timeoutMs);
    // Any thread: the last error seen (server unreachable, spool full, ...).
    std::string lastError() const;

public slots:
    // Shipper thread (queued): open the spool, start sending what an earlier run left.
    void start();
    void enqueue(const QString &batchId, const QByteArray &rows, qint64 records);
    void stop();

private:
    void pump();
    void send(const QByteArray &query, const QByteArray &body, int kind);
    void onReply(QNetworkReply *reply, int kind);
    void onInserted();
    void onFailure(const std::string &why, bool serverAnswered);
    void settle(int64_t records);
    void setError(const std::string &error);
    QByteArray createTableSql() const;

    ClickHouseOptions options_;
    ClickHouseCounters &counters_;
    ClickHouseSpool spool_;
    QNetworkAccessManager *network_ = nullptr;
    QTimer *retryTimer_ = nullptr;
    QNetworkReply *inFlight_ = nullptr;
    bool tableReady_ = false;
    bool stopped_ = false;
    int backoffMs_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable drained_;
    std::string lastError_;
};

} // namespace luacap::engine

// ClickHouseSpool: a bounded directory of batches waiting for the ClickHouse server, one file
// per batch, sent oldest first. Files survive a luacap or server restart and are sent by the
// next sink that opens the same directory. Used only by the ClickHouse shipper thread.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <deque>
#include <string>

namespace luacap::engine {

struct SpooledBatch {
    QString file;
    QString batchId;
    QByteArray rows;     // JSONEachRow lines
    int64_t records = 0;
    int failures = 0;    // attempts that failed after the request went out (maybe inserted)
    int rejects = 0;     // times the server answered with an error
};

class ClickHouseSpool {
public:
    // Creates the directory if needed and picks up batches left by an earlier run.
    bool open(const QString &dir, int64_t maxBytes, std::string *error);
    // False (batch not stored) when it would exceed the bound or the disk refuses it.
    bool add(const QString &batchId, const QByteArray &rows, int64_t records, std::string *error);
    bool empty() const { return batches_.empty(); }
    SpooledBatch &front() { return batches_.front(); }
    void removeFront();
    // Moves the front batch to DIR/rejected/ so the rest can go on; kept for inspection.
    void rejectFront();
    int64_t records() const { return records_; }
    int64_t bytes() const { return bytes_; }
    size_t size() const { return batches_.size(); }

private:
    QString dir_;
    int64_t maxBytes_ = 0;
    int64_t bytes_ = 0;
    int64_t records_ = 0;
    uint64_t nextSeq_ = 0;
    std::deque<SpooledBatch> batches_;
};

} // namespace luacap::engine

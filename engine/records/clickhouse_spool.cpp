// ClickHouseSpool implementation (ClickHouse shipper thread). File names are
// "<16-digit sequence>_<batch id>.rows" so a directory listing is the send order.
#include "records/clickhouse_spool.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace luacap::engine {

bool ClickHouseSpool::open(const QString &dir, int64_t maxBytes, std::string *error)
{
    dir_ = dir;
    maxBytes_ = maxBytes;
    if (!QDir().mkpath(dir)) {
        *error = "cannot create spool directory " + dir.toStdString();
        return false;
    }
    const QStringList names = QDir(dir).entryList({"*.rows"}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        QFile f(dir + "/" + name);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        SpooledBatch b;
        b.file = f.fileName();
        b.rows = f.readAll();
        b.records = b.rows.count('\n');
        b.batchId = name.section('_', 1).section('.', 0, 0);
        b.failures = 1;   // an earlier run may have inserted it: check before sending
        nextSeq_ = std::max<uint64_t>(nextSeq_, name.section('_', 0, 0).toULongLong() + 1);
        bytes_ += b.rows.size();
        records_ += b.records;
        batches_.push_back(std::move(b));
    }
    return true;
}

bool ClickHouseSpool::add(const QString &batchId, const QByteArray &rows, int64_t records, std::string *error)
{
    if (bytes_ + rows.size() > maxBytes_) {
        *error = "spool full (" + std::to_string(bytes_) + " of " + std::to_string(maxBytes_) + " bytes)";
        return false;
    }
    const QString name = QString("%1_%2.rows").arg(nextSeq_++, 16, 10, QChar('0')).arg(batchId);
    QSaveFile f(dir_ + "/" + name);
    if (!f.open(QIODevice::WriteOnly) || f.write(rows) != rows.size() || !f.commit()) {
        *error = "cannot write spool file " + f.fileName().toStdString() + ": " + f.errorString().toStdString();
        return false;
    }
    batches_.push_back(SpooledBatch{dir_ + "/" + name, batchId, rows, records, 0, 0});
    bytes_ += rows.size();
    records_ += records;
    return true;
}

void ClickHouseSpool::removeFront()
{
    const SpooledBatch &b = batches_.front();
    QFile::remove(b.file);
    bytes_ -= b.rows.size();
    records_ -= b.records;
    batches_.pop_front();
}

void ClickHouseSpool::rejectFront()
{
    const SpooledBatch &b = batches_.front();
    QDir().mkpath(dir_ + "/rejected");
    QFile::rename(b.file, dir_ + "/rejected/" + QFileInfo(b.file).fileName());
    bytes_ -= b.rows.size();
    records_ -= b.records;
    batches_.pop_front();
}

} // namespace luacap::engine

// SessionTableModel implementation (GUI thread).
#include "session_table_model.h"

#include <QDateTime>
#include <QTimeZone>
#include <vector>

namespace luacap::viewer {

namespace {
const char *const kHeaders[] = {"Time", "Source", "Src port", "Destination", "Dst port",
                                "Protocols", "Packets", "Bytes", "Tags"};

QString timeText(int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString("yyyy-MM-dd HH:mm:ss.zzz");
}

QString listText(const std::string &commaList)
{
    return QString::fromStdString(commaList).replace(',', ", ");
}
} // namespace

SessionTableModel::SessionTableModel(size_t capacity, QObject *parent)
    : QAbstractTableModel(parent), capacity_(capacity ? capacity : 1)
{
}

void SessionTableModel::setChosenFields(const QStringList &paths)
{
    beginResetModel();
    chosen_ = paths;
    for (ViewerRecord &r : rows_)
        ViewerRecord::fromJson(r.json, chosen_, r);
    endResetModel();
}

void SessionTableModel::appendRecords(const QList<QByteArray> &records)
{
    std::vector<ViewerRecord> batch;
    batch.reserve(size_t(records.size()));
    for (const QByteArray &json : records) {
        ViewerRecord r;
        if (ViewerRecord::fromJson(json, chosen_, r))
            batch.push_back(std::move(r));
    }
    if (batch.empty())
        return;
    quint64 droppedNow = 0;
    if (batch.size() > capacity_) {   // the batch alone overflows: its oldest never show
        droppedNow = batch.size() - capacity_;
        batch.erase(batch.begin(), batch.begin() + qsizetype(droppedNow));
    }
    if (rows_.size() + batch.size() > capacity_)
        dropOldest(rows_.size() + batch.size() - capacity_);
    const int first = int(rows_.size());
    beginInsertRows({}, first, first + int(batch.size()) - 1);
    for (ViewerRecord &r : batch)
        rows_.push_back(std::move(r));
    endInsertRows();
    if (droppedNow) {
        dropped_ += droppedNow;
        emit droppedChanged(dropped_);
    }
}

void SessionTableModel::dropOldest(size_t count)
{
    beginRemoveRows({}, 0, int(count) - 1);
    rows_.erase(rows_.begin(), rows_.begin() + qsizetype(count));
    endRemoveRows();
    dropped_ += count;
    emit droppedChanged(dropped_);
}

void SessionTableModel::clear()
{
    beginResetModel();
    rows_.clear();
    dropped_ = 0;
    endResetModel();
    emit droppedChanged(0);
}

int SessionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

int SessionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FixedColumns + int(chosen_.size());
}

QVariant SessionTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(rows_.size()))
        return {};
    const ViewerRecord &r = rows_[size_t(index.row())];
    if (role == Qt::DisplayRole)
        return displayValue(r, index.column());
    if (role == SortRole)
        return sortValue(r, index.column());
    if (role == Qt::TextAlignmentRole && index.column() >= Packets && index.column() <= Bytes)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SessionTableModel::displayValue(const ViewerRecord &r, int column) const
{
    switch (column) {
    case Time: return timeText(r.row.firstPacket);
    case Source: return QString::fromStdString(r.row.srcIp);
    case SourcePort: return r.row.srcPort;
    case Destination: return QString::fromStdString(r.row.dstIp);
    case DestinationPort: return r.row.dstPort;
    case Protocols: return listText(r.row.protocols);
    case Packets: return qint64(r.row.packets);
    case Bytes: return qint64(r.row.bytes);
    case Tags: return listText(r.row.tags);
    }
    const int chosen = column - FixedColumns;
    return chosen < r.chosen.size() ? r.chosen[chosen] : QString();
}

QVariant SessionTableModel::sortValue(const ViewerRecord &r, int column) const
{
    switch (column) {
    case Time: return qint64(r.row.firstPacket);
    case SourcePort: return r.row.srcPort;
    case DestinationPort: return r.row.dstPort;
    case Packets: return qint64(r.row.packets);
    case Bytes: return qint64(r.row.bytes);
    }
    return displayValue(r, column);
}

QVariant SessionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section < FixedColumns)
        return QString::fromLatin1(kHeaders[section]);
    return section - FixedColumns < chosen_.size() ? chosen_[section - FixedColumns] : QString();
}

} // namespace luacap::viewer

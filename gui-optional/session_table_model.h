// SessionTableModel: the session table's rows (time, addresses, ports, protocols, counters,
// tags and chosen fields). Records arrive in batches (one beginInsertRows per batch, so a
// stream of thousands per second stays cheap); the history is bounded and what falls out is
// counted for the status bar. GUI thread.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <deque>

#include "viewer_record.h"

namespace luacap::viewer {

class SessionTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Source, SourcePort, Destination, DestinationPort, Protocols, Packets, Bytes, Tags, FixedColumns };
    // data() under SortRole gives numbers as numbers, so sorting by bytes is numeric.
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SessionTableModel(size_t capacity = 200000, QObject *parent = nullptr);

    // Extra columns, as dotted record paths ("http.host"). Applies to records added later.
    void setChosenFields(const QStringList &paths);
    QStringList chosenFields() const { return chosen_; }

    // Appends one batch of JSON records; the oldest rows leave when over capacity.
    void appendRecords(const QList<QByteArray> &records);
    void clear();

    const ViewerRecord &record(int row) const { return rows_[size_t(row)]; }
    quint64 dropped() const { return dropped_; }
    size_t capacity() const { return capacity_; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

signals:
    void droppedChanged(quint64 dropped);

private:
    void dropOldest(size_t count);
    QVariant displayValue(const ViewerRecord &r, int column) const;
    QVariant sortValue(const ViewerRecord &r, int column) const;

    size_t capacity_;
    std::deque<ViewerRecord> rows_;
    QStringList chosen_;
    quint64 dropped_ = 0;
};

} // namespace luacap::viewer

// SessionFilterProxy: sorting (by SessionTableModel::SortRole) and the filter box's
// RecordFilter over a SessionTableModel. GUI thread.
#pragma once

#include <QSortFilterProxyModel>

#include "record_filter.h"

namespace luacap::viewer {

class SessionFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SessionFilterProxy(QObject *parent = nullptr);

    // Keeps the previous filter and returns false with *error when expression is invalid.
    bool setFilterExpression(const QString &expression, QString *error);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    RecordFilter filter_;
};

} // namespace luacap::viewer

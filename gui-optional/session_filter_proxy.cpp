// SessionFilterProxy implementation (GUI thread).
#include "session_filter_proxy.h"

#include "session_table_model.h"

namespace luacap::viewer {

SessionFilterProxy::SessionFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SessionTableModel::SortRole);
}

bool SessionFilterProxy::setFilterExpression(const QString &expression, QString *error)
{
    RecordFilter next;
    if (!next.setExpression(expression, error))
        return false;
    filter_ = std::move(next);
    invalidateRowsFilter();
    return true;
}

bool SessionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (filter_.isEmpty())
        return true;
    const auto *model = static_cast<const SessionTableModel *>(sourceModel());
    return filter_.matches(model->record(sourceRow).row);
}

} // namespace luacap::viewer

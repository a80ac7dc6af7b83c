// RecordTree: shows every field of a session record as a two-column tree (field, value), the
// way Arkime's session detail groups them: objects become branches, lists of plain values
// one comma-joined line, lists of objects numbered branches. GUI thread.
#pragma once

#include <QJsonObject>

class QTreeWidget;
class QTreeWidgetItem;

namespace luacap::viewer {

class RecordTree {
public:
    static void fill(QTreeWidget *tree, const QJsonObject &record);

private:
    static void addValue(QTreeWidgetItem *parent, const QString &name, const QJsonValue &value);
};

} // namespace luacap::viewer

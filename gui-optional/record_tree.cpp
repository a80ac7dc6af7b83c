// RecordTree implementation (GUI thread).
#include "record_tree.h"

#include <QJsonArray>
#include <QTreeWidget>

#include "viewer_record.h"

namespace luacap::viewer {

namespace {
bool allScalars(const QJsonArray &array)
{
    for (const QJsonValue &v : array) {
        if (v.isObject() || v.isArray())
            return false;
    }
    return true;
}
} // namespace

void RecordTree::fill(QTreeWidget *tree, const QJsonObject &record)
{
    tree->clear();
    tree->setColumnCount(2);
    tree->setHeaderLabels({QObject::tr("Field"), QObject::tr("Value")});
    QTreeWidgetItem *root = tree->invisibleRootItem();
    for (auto it = record.begin(); it != record.end(); ++it)
        addValue(root, it.key(), it.value());
    tree->expandToDepth(0);
}

void RecordTree::addValue(QTreeWidgetItem *parent, const QString &name, const QJsonValue &value)
{
    auto *item = new QTreeWidgetItem(parent, QStringList{name});
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            addValue(item, it.key(), it.value());
        return;
    }
    const QJsonArray array = value.toArray();
    if (value.isArray() && !allScalars(array)) {
        for (qsizetype i = 0; i < array.size(); ++i)
            addValue(item, QString::number(i), array[i]);
        return;
    }
    QJsonObject holder{{"v", value}};
    item->setText(1, valueText(holder, QStringLiteral("v")));
}

} // namespace luacap::viewer

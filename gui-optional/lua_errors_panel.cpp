// LuaErrorsPanel implementation (GUI thread).
#include "lua_errors_panel.h"

#include <QDialog>
#include <QFile>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTextBlock>
#include <QVBoxLayout>

namespace luacap::viewer {

LuaErrorsPanel::LuaErrorsPanel(QWidget *parent) : QListWidget(parent)
{
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        QString file;
        int line = 0;
        if (location(item->text(), &file, &line)) {
            emit scriptLineActivated(file, line);
            showScript(file, line);
        }
    });
}

void LuaErrorsPanel::setErrors(const QStringList &lines)
{
    clear();
    QListWidgetItem *last = nullptr;
    for (const QString &line : lines) {
        if (line.startsWith("    ") && last) {
            last->setToolTip(last->toolTip() + (last->toolTip().isEmpty() ? "" : "\n") + line.trimmed());
            continue;
        }
        last = new QListWidgetItem(line, this);
    }
}

bool LuaErrorsPanel::location(const QString &line, QString *file, int *lineNumber)
{
    // "function 'cls' at x.lua:3:" or "lua: x.lua:3:": the first word ending in .lua:N:.
    static const QRegularExpression pattern(QStringLiteral("([^\\s:']+\\.lua):(\\d+):"));
    const QRegularExpressionMatch m = pattern.match(line);
    if (!m.hasMatch())
        return false;
    *file = m.captured(1);
    *lineNumber = m.captured(2).toInt();
    return true;
}

void LuaErrorsPanel::showScript(const QString &file, int line)
{
    QFile source(file);
    if (!source.open(QIODevice::ReadOnly))
        return;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QStringLiteral("%1:%2").arg(file).arg(line));
    auto *text = new QPlainTextEdit(QString::fromUtf8(source.readAll()));
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QTextCursor cursor(text->document()->findBlockByNumber(line - 1));
    cursor.select(QTextCursor::LineUnderCursor);
    text->setTextCursor(cursor);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    dialog->resize(700, 500);
    dialog->show();
}

} // namespace luacap::viewer

// LuaErrorsPanel: the Lua errors of an offline replay, one line each with its indented
// details as a tooltip; double-clicking a "script:line:" error opens the script at that line.
// GUI thread.
#pragma once

#include <QListWidget>

namespace luacap::viewer {

class LuaErrorsPanel : public QListWidget {
    Q_OBJECT
public:
    explicit LuaErrorsPanel(QWidget *parent = nullptr);

    // Lines as ReplayRun gives them: an error, then its detail lines indented by 4 spaces.
    void setErrors(const QStringList &lines);

    // "file:line" of an error line, or false.
    static bool location(const QString &line, QString *file, int *lineNumber);

signals:
    void scriptLineActivated(const QString &file, int line);

private:
    void showScript(const QString &file, int line);
};

} // namespace luacap::viewer

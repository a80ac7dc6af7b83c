// ReplayWatcher: `luacap replay --watch` (main thread). Replays, then watches the Lua files,
// captures and config file, and replays again after any of them changes, until interrupted.
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>

class QCoreApplication;

namespace luacap::app {

class ReplayWatcher : public QObject {
    Q_OBJECT
public:
    // arguments: the whole command line ("luacap replay ... --watch ...").
    explicit ReplayWatcher(QStringList arguments);
    // Runs until the application quits (SIGINT ends the process); returns the last exit code.
    int exec(QCoreApplication &app);

private:
    void replay();
    void watch(const QStringList &files);
    void changed(const QString &path);
    void directoryChanged();

    QStringList arguments_;
    QFileSystemWatcher watcher_;
    QStringList files_;     // absolute paths of everything watched
    QTimer debounce_;       // editors write in bursts: replay once the burst is over
    QString reason_;
    int lastExit_ = 0;
};

} // namespace luacap::app

// ReplayWatcher implementation (main thread). Editors often save by writing a new file and
// renaming it over the old one; the watcher then loses the path, so the parent directories
// are watched too and a path that reappears is watched again (and counts as a change).
#include "replay_watcher.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>
#include <cstdio>

#include "fields/field_registry.h"
#include "replay_command.h"
#include "replay_options.h"

namespace luacap::app {

namespace {
constexpr int kDebounceMs = 150;
} // namespace

ReplayWatcher::ReplayWatcher(QStringList arguments) : arguments_(std::move(arguments))
{
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, &ReplayWatcher::replay);
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &ReplayWatcher::changed);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &ReplayWatcher::directoryChanged);
}

int ReplayWatcher::exec(QCoreApplication &app)
{
    replay();
    app.exec();
    return lastExit_;
}

// Options are parsed again each time: the config file or a Lua file may define other fields.
void ReplayWatcher::replay()
{
    if (!reason_.isEmpty())
        std::fprintf(stderr, "luacap: %s changed, replaying\n", qPrintable(reason_));
    reason_.clear();
    ReplayOptions options;
    engine::FieldRegistry registry;
    const int parsed = parseReplayOptions(arguments_, options, registry);
    lastExit_ = parsed >= 0 ? parsed : replayOnce(options, registry);
    QStringList files;
    for (const std::string &f : options.luaFiles)
        files << QString::fromStdString(f);
    for (const std::string &f : options.files)
        files << QString::fromStdString(f);
    if (!options.configFile.empty())
        files << QString::fromStdString(options.configFile);
    watch(files);
    std::fprintf(stderr, "luacap: watching %lld files for changes (Ctrl-C to stop)\n", qlonglong(files_.size()));
    std::fflush(stderr);
    std::fflush(stdout);
}

void ReplayWatcher::watch(const QStringList &files)
{
    QSet<QString> dirs;
    files_.clear();
    for (const QString &f : files) {
        const QFileInfo info(f);
        files_ << info.absoluteFilePath();
        dirs.insert(info.absolutePath());
    }
    files_.removeDuplicates();
    if (!watcher_.files().isEmpty())
        watcher_.removePaths(watcher_.files());
    if (!watcher_.directories().isEmpty())
        watcher_.removePaths(watcher_.directories());
    for (const QString &f : files_)
        if (QFileInfo::exists(f))
            watcher_.addPath(f);
    for (const QString &d : dirs)
        watcher_.addPath(d);
}

void ReplayWatcher::changed(const QString &path)
{
    if (QFileInfo::exists(path) && !watcher_.files().contains(path))
        watcher_.addPath(path);   // replaced: the old inode is gone
    reason_ = path;
    debounce_.start();
}

// A watched file that was replaced (renamed over) shows up as a directory change.
void ReplayWatcher::directoryChanged()
{
    const QStringList watched = watcher_.files();
    for (const QString &f : files_) {
        if (!watched.contains(f) && QFileInfo::exists(f)) {
            watcher_.addPath(f);
            changed(f);
        }
    }
}

} // namespace luacap::app

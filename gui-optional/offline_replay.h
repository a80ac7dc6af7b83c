// OfflineReplay: replays a pcap (with optional Lua files) in-process through the engine, the
// way `luacap replay` does (app/ReplayRun), on a thread of its own, streaming records to the
// GUI thread in batches. cancel() stops the engine's reader at its next batch boundary; the
// sessions open by then are still saved and shown, and finished() ends the run as usual.
// Object: GUI thread; the run: its own QThread.
#pragma once

#include <QObject>
#include <QStringList>
#include <QThread>
#include <atomic>
#include <memory>
#include <vector>

namespace luacap::viewer {

class OfflineReplay : public QObject {
    Q_OBJECT
public:
    struct Result {
        quint64 records = 0;
        quint64 packets = 0;
        QStringList errors;      // reader, start-up and sink errors
        QStringList luaErrors;   // "file:line: message" lines, detail lines indented
        bool cancelled = false;  // the input was cut short by cancel()
    };

    explicit OfflineReplay(QObject *parent = nullptr);
    ~OfflineReplay() override;

    // False when a run is going on already.
    bool start(const QString &pcapPath, const QStringList &luaFiles, int packetThreads = 1);
    // Stops reading soon; what was read still arrives, then finished() with cancelled set.
    void cancel();
    // Cancels and forgets the run now: finished() at once, nothing more from it arrives (a
    // new capture or a live connection replaces it). The run ends in the background.
    void abandon();
    bool running() const { return running_; }
    bool cancelling() const;
    QString pcapPath() const { return pcapPath_; }

signals:
    void recordsReady(const QList<QByteArray> &records);
    // percent: how far into the file the saved sessions' packets reach (-1 when unknown).
    void progress(quint64 records, int percent);
    void finished(const luacap::viewer::OfflineReplay::Result &result);

private:
    struct Run;
    void runInThread(std::shared_ptr<Run> run);
    void deliver(const std::shared_ptr<Run> &run, QList<QByteArray> records, qint64 furthest);
    void complete(std::shared_ptr<Run> run, Result result);

    std::shared_ptr<Run> current_;
    std::vector<std::unique_ptr<QThread>> threads_;   // joined on destruction
    bool running_ = false;
    QString pcapPath_;
};

} // namespace luacap::viewer

Q_DECLARE_METATYPE(luacap::viewer::OfflineReplay::Result)

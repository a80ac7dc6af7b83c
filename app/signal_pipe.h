// SignalPipe: turns SIGTERM/SIGINT/SIGHUP into Qt signals on the main thread, through a
// self-pipe the async-signal-safe handler writes one byte into (read by a QSocketNotifier).
#pragma once

#include <QObject>
#include <QSocketNotifier>
#include <memory>

namespace luacap::app {

class SignalPipe : public QObject {
    Q_OBJECT
public:
    // Installs the handlers; one instance per process. Restores the defaults when destroyed.
    explicit SignalPipe(QObject *parent = nullptr);
    ~SignalPipe() override;
    bool ok() const { return notifier_ != nullptr; }

signals:
    void terminateRequested(int signal);   // SIGTERM, SIGINT
    void reloadRequested();                // SIGHUP

private:
    void readPipe();

    std::unique_ptr<QSocketNotifier> notifier_;
};

} // namespace luacap::app

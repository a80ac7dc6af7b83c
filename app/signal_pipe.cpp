// SignalPipe implementation: the handler runs on whatever thread the kernel picks and only
// write()s; everything else happens on the main thread when the notifier fires.
#include "signal_pipe.h"

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace luacap::app {

namespace {
int pipeFds[2] = {-1, -1};
constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};

void onSignal(int signal)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const ssize_t n = write(pipeFds[1], &byte, 1);
    errno = saved;
}
} // namespace

SignalPipe::SignalPipe(QObject *parent) : QObject(parent)
{
    if (pipe2(pipeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int s : kSignals)
        sigaction(s, &action, nullptr);
    notifier_ = std::make_unique<QSocketNotifier>(pipeFds[0], QSocketNotifier::Read);
    connect(notifier_.get(), &QSocketNotifier::activated, this, &SignalPipe::readPipe);
}

SignalPipe::~SignalPipe()
{
    for (int s : kSignals)
        std::signal(s, SIG_DFL);
    notifier_.reset();
    for (int &fd : pipeFds) {
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
}

void SignalPipe::readPipe()
{
    unsigned char byte = 0;
    while (read(pipeFds[0], &byte, 1) == 1) {
        if (byte == SIGHUP)
            emit reloadRequested();
        else
            emit terminateRequested(byte);
    }
}

} // namespace luacap::app

// `luacap capture`: the headless capture daemon's command (main thread): config, interfaces,
// privileges, signals, and the live (or file) pipeline until SIGTERM/SIGINT.
#pragma once

class QCoreApplication;

namespace luacap::app {

// Parses the arguments after "capture", captures until stopped; returns the exit code.
int runCapture(QCoreApplication &app);

} // namespace luacap::app

// `luacap replay`: command-line parsing and wiring of the replay pipeline (main thread).
#pragma once

class QCoreApplication;

namespace luacap::app {

// Parses the arguments after "replay", runs the pipeline, prints the stats line; returns the exit code.
int runReplay(QCoreApplication &app);

} // namespace luacap::app

// `luacap replay`: command-line parsing and wiring of the replay pipeline (main thread).
#pragma once

class QCoreApplication;

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::app {

// Parses the arguments after "replay", runs the pipeline, prints the stats line; returns the exit code.
int runReplay(QCoreApplication &app);

struct ReplayOptions;
// One replay of parsed options with everything `luacap replay` prints; returns the exit code.
int replayOnce(const ReplayOptions &options, engine::FieldRegistry &registry);

} // namespace luacap::app

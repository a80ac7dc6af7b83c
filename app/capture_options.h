// CaptureOptions: what `luacap capture` was asked to do, from its config file (strict: unknown
// keys and unused Arkime keys are errors) and command-line overrides. Main thread.
#pragma once

#include <QStringList>
#include <string>
#include <vector>

#include "config/capture_config.h"
#include "dispatch/replay_pipeline.h"
#include "parsers/parser_config.h"
#include "sink_spec.h"

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::app {

struct CaptureOptions {
    bool checkOnly = false;             // --check-config: validate, capture nothing
    engine::CaptureConfig capture;      // interfaces, bpf, snaplen, dropUser, ...
    std::vector<std::string> files;     // -r FILE/DIR: read captures instead of interfaces
    std::string output = "-";
    SinkSpec sink;
    std::string statsFormat = "text";   // final stats: text, json or none
    int statsIntervalSec = 0;           // periodic stats line on stderr; 0: none
    std::vector<std::string> luaFiles;  // config's luaFiles, then every --lua
    uint32_t maxStreams = 0;            // Arkime maxStreams (all packet threads together)
    engine::PipelineConfig pipeline;
    engine::ParserConfig parsers;
};

// Fills options (custom fields into registry). Returns -1 to go on, or an exit code (0 after
// --help, 2 after a usage or config error, with the message already printed).
int parseCaptureOptions(const QStringList &arguments, CaptureOptions &options, engine::FieldRegistry &registry);

// The capture files of a -r argument: the file itself, or a directory's *.pcap, *.pcapng,
// *.cap and their .gz, sorted by name.
std::vector<std::string> captureFilesIn(const std::string &path);

} // namespace luacap::app

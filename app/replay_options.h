// ReplayOptions: what `luacap replay` was asked to do, from the command line and config file.
#pragma once

#include <QStringList>
#include <string>
#include <vector>

#include "dispatch/replay_pipeline.h"
#include "parsers/parser_config.h"
#include "sink_spec.h"

namespace luacap::engine {
class FieldRegistry;
}

namespace luacap::app {

struct ReplayOptions {
    std::vector<std::string> files;
    std::string output = "-";
    SinkSpec sink;                      // --sink (JSON lines to output by default)
    std::string statsFormat = "text";   // text, json or none
    std::vector<std::string> luaFiles;  // config's luaFiles, then every --lua, in order
    engine::PipelineConfig pipeline;
    engine::ParserConfig parsers;
    std::string configFile;             // --config, "" when none (watch mode watches it)
    bool watch = false;                 // --watch: re-run when a Lua file, capture or config changes
    bool traceLua = false;              // --trace-lua: log every Lua callback call on stderr
    // Lua dissector preferences (--pref, or -o PROTO.NAME:VALUE as tshark): name, value.
    std::vector<std::pair<std::string, std::string>> luaPrefs;
    bool tree = false;                  // --tree: print the Lua dissectors' packet trees on stdout
    bool twoPass = false;               // --two-pass: Lua dissectors see every packet twice (tshark -2)
};

// Fills options (and custom fields into registry). Returns -1 to go on, or an exit code
// (0 after --help, 2 after a usage or config error, with the message already printed).
int parseReplayOptions(const QStringList &arguments, ReplayOptions &options, engine::FieldRegistry &registry);

} // namespace luacap::app

// Command-line parsing for `luacap replay` (main thread).
#include "replay_options.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QThread>
#include <cstdio>

#include "arkime/http_service_options.h"
#include "command_line.h"
#include "config/engine_config.h"
#include "config/ini_file.h"
#include "parsers/parser_config_ini.h"
#include "fields/field_registry.h"

namespace luacap::app {

namespace {
const char *kDescription =
    "Replay pcap/pcapng files (optionally gzip-compressed) through luacap's session engine\n"
    "and write one JSON record per session, one per line. Output is deterministic: the same\n"
    "input gives byte-identical output for any --threads value (records are ordered by save\n"
    "time in packet time, then session key).";

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    parser.addOptions({
        {{"t", "threads"}, "Number of packet threads (default: number of cores).", "N"},
        {{"o", "output"}, "Write records to FILE; - is standard output (default).", "FILE", "-"},
        {"sink", "Where records go: json (default, to --output), sqlite:PATH or "
                 "clickhouse:URL[,table=NAME,spool=DIR,spool-max=BYTES,batch=N,flush-timeout=MS].", "SINK", "json"},
        {{"c", "config"}, "Arkime-style INI config file (timeouts, custom fields, ...).", "FILE"},
        {"node", "Node name written in every record (default: luacap).", "NAME", "luacap"},
        {"stats", "Final stats line on stderr: text (default), json or none.", "FORMAT", "text"},
        {"no-packet-pos", "Do not write packetPos/packetLen/fileId."},
        {"no-parsers", "Do not run the built-in protocol parsers."},
        {"lua", "Load an Arkime-style Lua script (repeatable; after the config's luaFiles).", "FILE"},
        {"watch", "Replay again whenever a Lua file, capture or the config file changes (until interrupted)."},
        {"trace-lua", "Log every Lua callback call, its arguments summarised and its session, on stderr."},
        {"pref", "Set a Lua dissector preference, as tshark's -o (repeatable; -o PROTO.NAME:VALUE works too).",
         "PROTO.NAME:VALUE"},
        {"tree", "After the run, print the packet trees the Lua dissectors built (like tshark -V) on stdout."},
        {"two-pass", "Replay twice, as tshark -2: the Lua dissectors see every packet with pinfo.visited false, "
                     "then true; records (and --tree) come from the second pass."},
    });
    parser.addPositionalArgument("PCAP", "Capture files to replay, in order.", "PCAP...");
}

int usageError(const QString &message)
{
    return commandUsageError("replay", message);
}

// -o is the output file, or (as tshark's -o) a Lua preference PROTO.NAME:VALUE; --pref is
// always a preference. False after printing the error.
bool splitOutputAndPrefs(const QCommandLineParser &parser, ReplayOptions &options, bool &outputGiven)
{
    static const QRegularExpression prefSyntax(QStringLiteral("^[A-Za-z][A-Za-z0-9_-]*\\.[A-Za-z0-9_.-]+:"));
    for (const QString &v : parser.isSet("output") ? parser.values("output") : QStringList()) {
        if (!prefSyntax.match(v).hasMatch()) {
            options.output = v.toStdString();
            outputGiven = true;
        } else {
            options.luaPrefs.emplace_back(v.section(':', 0, 0).toStdString(), v.section(':', 1).toStdString());
        }
    }
    for (const QString &v : parser.values("pref")) {
        if (!prefSyntax.match(v).hasMatch()) {
            usageError("--pref needs PROTO.NAME:VALUE, not '" + v + "'");
            return false;
        }
        options.luaPrefs.emplace_back(v.section(':', 0, 0).toStdString(), v.section(':', 1).toStdString());
    }
    return true;
}

// Reads the Arkime-style config file into options; returns false after printing the error.
bool loadConfig(const QString &path, const QString &node, ReplayOptions &options, engine::FieldRegistry &registry)
{
    engine::IniFile ini;
    std::string error;
    engine::EngineConfig config;
    config.packetThreads = options.pipeline.packetThreads;  // kept unless the file sets packetThreads
    if (!ini.load(path.toStdString(), &error) ||
        !config.load(ini, node.toStdString(), &registry, engine::ConfigMode::Replay, &error)) {
        std::fprintf(stderr, "luacap replay: %s\n", error.c_str());
        return false;
    }
    for (const std::string &warning : config.warnings)
        std::fprintf(stderr, "luacap replay: warning: %s\n", warning.c_str());
    options.pipeline.sessions = config.sessions;
    options.pipeline.decoder = config.decoder;
    options.pipeline.packetThreads = config.packetThreads;
    options.luaFiles = config.luaFiles;
    // ArkimeHttpService defaults, read by the Lua states the packet threads build later.
    luaapi::HttpServiceOptions::setDefaults(config.http);
    engine::applyParserIni(ini, node.toStdString(), options.parsers);
    return true;
}
} // namespace

int parseReplayOptions(const QStringList &arguments, ReplayOptions &options, engine::FieldRegistry &registry)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (const int status = parseCommandLine(parser, arguments, "replay"); status >= 0)
        return status;
    options.pipeline.packetThreads = QThread::idealThreadCount();
    if (parser.isSet("config") && !loadConfig(parser.value("config"), parser.value("node"), options, registry))
        return 2;
    if (const int status = readThreadsOption(parser, "replay", options.pipeline.packetThreads); status >= 0)
        return status;
    bool outputGiven = false;
    if (!splitOutputAndPrefs(parser, options, outputGiven))
        return 2;
    std::string sinkError;
    if (!parseSinkSpec(parser.value("sink").toStdString(), options.sink, &sinkError))
        return usageError(QString::fromStdString(sinkError));
    if (outputGiven && options.sink.kind != SinkSpec::Kind::Json)
        return usageError("--output is for --sink json only");
    options.statsFormat = parser.value("stats").toStdString();
    if (options.statsFormat != "text" && options.statsFormat != "json" && options.statsFormat != "none")
        return usageError("--stats must be text, json or none");
    options.pipeline.records.node = parser.value("node").toStdString();
    options.pipeline.records.packetPositions = !parser.isSet("no-packet-pos");
    options.parsers.enabled = !parser.isSet("no-parsers");
    options.pipeline.sessions.recordPacketPositions = options.pipeline.records.packetPositions;
    for (const QString &file : parser.values("lua"))
        options.luaFiles.push_back(file.toStdString());
    options.configFile = parser.value("config").toStdString();
    options.watch = parser.isSet("watch");
    options.traceLua = parser.isSet("trace-lua");
    options.tree = parser.isSet("tree");
    options.twoPass = parser.isSet("two-pass");
    for (const QString &file : parser.positionalArguments())
        options.files.push_back(file.toStdString());
    if (options.files.empty())
        return usageError("no capture files given");
    return -1;
}

} // namespace luacap::app

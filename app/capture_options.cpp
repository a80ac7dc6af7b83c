// Command-line and config parsing for `luacap capture` (main thread).
#include "capture_options.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QThread>
#include <cstdio>

#include "arkime/http_service_options.h"
#include "command_line.h"
#include "config/engine_config.h"
#include "config/ini_file.h"
#include "fields/field_registry.h"
#include "parsers/parser_config_ini.h"

namespace luacap::app {

namespace {
const char *kDescription =
    "Capture live from network interfaces (or read capture files with -r) and write one record\n"
    "per session. Settings come from an Arkime-style config file; every key must be known and\n"
    "valid. SIGTERM or SIGINT stops capture, saves every open session and flushes the sink.";

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    parser.addOptions({
        {{"c", "config"}, "Arkime-style INI config file.", "FILE"},
        {"node", "Config section over [default], and the node name in records (default: luacap).", "NAME", "luacap"},
        {"check-config", "Validate the config (and Lua files) and exit: 0 when valid."},
        {{"i", "interface"}, "Capture from IFACE (repeatable; replaces the config's interface).", "IFACE"},
        {"bpf", "BPF filter (replaces the config's bpf).", "FILTER"},
        {"option", "Set a config key, as in the file's [default] section (repeatable).", "KEY=VALUE"},
        {{"r", "read"}, "Read a capture file, or every capture file of a directory (repeatable).", "PATH"},
        {{"t", "threads"}, "Number of packet threads (replaces packetThreads).", "N"},
        {{"o", "output"}, "Write JSON records to FILE; - is standard output (default).", "FILE", "-"},
        {"sink", "Where records go: json (default), sqlite:PATH or clickhouse:URL[,...].", "SINK", "json"},
        {"stats", "Final stats on stderr: text (default), json or none.", "FORMAT", "text"},
        {"stats-interval", "Print interface counters on stderr every SEC seconds.", "SEC", "0"},
        {"lua", "Load an Arkime-style Lua script (repeatable; after the config's luaFiles).", "FILE"},
        {"no-parsers", "Do not run the built-in protocol parsers."},
        {"api", "Serve the live API on ADDRESS:PORT (default 127.0.0.1:8417; docs/live-api.md).", "ADDRESS:PORT"},
        {"no-api", "Do not serve the live API."},
        {"pcap-dir", "Write the packets to rotating pcap files in DIR (replaces pcapDir; docs/pcap-storage.md).", "DIR"},
    });
}

int usageError(const QString &message)
{
    return commandUsageError("capture", message);
}

// The --option KEY=VALUE overrides, as an INI text named "command line" in messages.
std::string overridesText(const QStringList &values)
{
    std::string text = "[default]\n";
    for (const QString &v : values)
        text += v.toStdString() + "\n";
    return text;
}

// The config file, then the overrides, both strict; false after printing every error.
bool loadConfig(const QCommandLineParser &parser, CaptureOptions &options, engine::FieldRegistry &registry)
{
    const std::string node = parser.value("node").toStdString();
    engine::EngineConfig config;
    config.packetThreads = QThread::idealThreadCount();
    engine::IniFile ini, overrides;
    std::string error;
    bool ok = true;
    if (parser.isSet("config"))
        ok = ini.load(parser.value("config").toStdString(), &error) &&
             config.load(ini, node, &registry, engine::ConfigMode::Strict, &error);
    if (ok)
        ok = overrides.parse(overridesText(parser.values("option")), "--option", &error) &&
             config.load(overrides, "", nullptr, engine::ConfigMode::Strict, &error);
    if (!ok) {
        std::fprintf(stderr, "luacap capture: %s\n", error.c_str());
        return false;
    }
    options.capture = config.capture;
    options.pipeline.sessions = config.sessions;
    options.pipeline.decoder = config.decoder;
    options.pipeline.packetThreads = config.packetThreads;
    options.luaFiles = config.luaFiles;
    options.maxStreams = config.maxStreams;
    // ArkimeHttpService defaults, read by the Lua states the packet threads build later.
    luaapi::HttpServiceOptions::setDefaults(config.http);
    if (parser.isSet("config"))
        engine::applyParserIni(ini, node, options.parsers);
    return true;
}

int applyCommandLine(const QCommandLineParser &parser, CaptureOptions &options)
{
    if (parser.isSet("interface")) {
        options.capture.interfaces.clear();
        for (const QString &i : parser.values("interface"))
            options.capture.interfaces.push_back(i.toStdString());
    }
    if (parser.isSet("bpf"))
        options.capture.bpf = parser.value("bpf").toStdString();
    if (const int status = readThreadsOption(parser, "capture", options.pipeline.packetThreads); status >= 0)
        return status;
    bool ok = false;
    options.statsIntervalSec = parser.value("stats-interval").toInt(&ok);
    if (!ok || options.statsIntervalSec < 0)
        return usageError("--stats-interval needs a number of seconds");
    options.statsFormat = parser.value("stats").toStdString();
    if (options.statsFormat != "text" && options.statsFormat != "json" && options.statsFormat != "none")
        return usageError("--stats must be text, json or none");
    if (parser.isSet("api")) {
        const QString spec = parser.value("api");
        const qsizetype colon = spec.lastIndexOf(':');
        const int port = spec.mid(colon + 1).toInt(&ok);
        if (colon <= 0 || !ok || port < 0 || port > 65535)
            return usageError("--api needs ADDRESS:PORT, not '" + spec + "'");
        options.capture.apiAddress = spec.left(colon).remove('[').remove(']').toStdString();
        options.capture.apiPort = port;
        options.capture.api = true;
    }
    if (parser.isSet("no-api"))
        options.capture.api = false;
    if (parser.isSet("pcap-dir"))
        options.capture.pcap.dir = parser.value("pcap-dir").toStdString();
    options.output = parser.value("output").toStdString();
    std::string sinkError;
    if (!parseSinkSpec(parser.value("sink").toStdString(), options.sink, &sinkError))
        return usageError(QString::fromStdString(sinkError));
    if (parser.isSet("output") && options.sink.kind != SinkSpec::Kind::Json)
        return usageError("--output is for --sink json only");
    return -1;
}
} // namespace

std::vector<std::string> captureFilesIn(const std::string &path)
{
    const QFileInfo info(QString::fromStdString(path));
    if (!info.isDir())
        return {path};
    const QStringList patterns = {"*.pcap", "*.pcapng", "*.cap", "*.pcap.gz", "*.pcapng.gz", "*.cap.gz"};
    std::vector<std::string> files;
    for (const QFileInfo &f : QDir(info.filePath()).entryInfoList(patterns, QDir::Files, QDir::Name))
        files.push_back(f.filePath().toStdString());
    return files;
}

int parseCaptureOptions(const QStringList &arguments, CaptureOptions &options, engine::FieldRegistry &registry)
{
    QCommandLineParser parser;
    addOptions(parser);
    if (const int status = parseCommandLine(parser, arguments, "capture"); status >= 0)
        return status;
    if (!parser.positionalArguments().isEmpty())
        return usageError("unexpected argument '" + parser.positionalArguments().first() + "'");
    if (!loadConfig(parser, options, registry))
        return 2;
    const int status = applyCommandLine(parser, options);
    if (status >= 0)
        return status;
    options.checkOnly = parser.isSet("check-config");
    options.pipeline.records.node = parser.value("node").toStdString();
    options.parsers.enabled = !parser.isSet("no-parsers");
    for (const QString &file : parser.values("lua"))
        options.luaFiles.push_back(file.toStdString());
    for (const QString &path : parser.values("read")) {
        for (std::string &file : captureFilesIn(path.toStdString()))
            options.files.push_back(std::move(file));
        if (captureFilesIn(path.toStdString()).empty())
            return usageError("no capture files in " + path);
    }
    // Records point into the pcapDir files, or else into the -r input files; live packets
    // written nowhere have no positions.
    options.pipeline.records.packetPositions = !options.files.empty() || options.capture.pcap.enabled();
    options.pipeline.sessions.recordPacketPositions = options.pipeline.records.packetPositions;
    // Arkime splits maxStreams over the packet threads; each table enforces its share.
    const auto threads = uint32_t(options.pipeline.packetThreads);
    options.pipeline.sessions.maxStreams = (options.maxStreams + threads - 1) / threads;
    if (options.files.empty() && options.capture.interfaces.empty())
        return usageError("nothing to capture: set interface= in the config, or give -i IFACE or -r PATH");
    return -1;
}

} // namespace luacap::app

// CaseRunner implementation (a pool thread per case; the case's replay starts its own
// reader, packet and writer threads).
#include "testing/case_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include "fields/field_registry.h"
#include "host/lua_host.h"
#include "replay_options.h"
#include "replay_run.h"
#include "testing/expectation.h"
#include "testing/memory_sink.h"

namespace luacap::app::testing {

namespace {
QList<QJsonObject> parse(const std::vector<std::string> &records)
{
    QList<QJsonObject> out;
    for (const std::string &r : records)
        out << QJsonDocument::fromJson(QByteArray::fromStdString(r)).object();
    return out;
}

// Error lines without the indented details, paths made relative to the case's directory so
// expectations do not depend on where the checkout is.
QStringList errorLines(const std::vector<std::string> &lines, const QString &dir)
{
    QStringList out;
    for (const std::string &line : lines)
        if (line.rfind("    ", 0) != 0)
            out << QString::fromStdString(line).replace(dir + "/", "");
    return out;
}

bool writeJson(const QString &path, const QJsonObject &o, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0) {
        *error = "cannot write " + path + ": " + file.errorString();
        return false;
    }
    return true;
}
} // namespace

bool CaseRunner::generate(const TestCase &c, const QString &pcap, QString *error) const
{
    QProcess gen;
    gen.start(settings_.pcapgen, QStringList(c.pcapgen) << "-o" << pcap);
    if (!gen.waitForFinished(120000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0) {
        *error = "luacap-pcapgen " + c.pcapgen.join(' ') + " failed: " +
                 QString::fromUtf8(gen.readAllStandardError()).trimmed() + gen.errorString();
        return false;
    }
    return true;
}

// The case as `luacap replay` arguments: one packet thread unless the case says otherwise
// (the last --threads wins), no stats line.
QStringList CaseRunner::arguments(const TestCase &c, const QStringList &pcaps) const
{
    QStringList args{"luacap", "replay", "--threads", "1", "--stats", "none"};
    if (!c.config.isEmpty())
        args << "--config" << c.config;
    args << c.options;
    for (const QString &lua : c.luaFiles)
        args << "--lua" << lua;
    return args << "--" << pcaps;
}

CaseResult CaseRunner::run(const TestCase &c) const
{
    CaseResult result;
    QElapsedTimer timer;
    timer.start();
    QTemporaryDir tmp;
    QStringList pcaps = c.pcaps;
    if (!c.pcapgen.isEmpty()) {
        pcaps = {tmp.filePath("generated.pcap")};
        if (!generate(c, pcaps[0], &result.error))
            return result;
    }
    ReplayOptions options;
    engine::FieldRegistry registry;
    if (parseReplayOptions(arguments(c, pcaps), options, registry) >= 0) {
        result.error = "bad replay options: " + c.options.join(' ');
        return result;
    }
    luaapi::LuaLimits limits;
    limits.coverage = settings_.coverage;
    limits.trace = settings_.traceLua ? stderr : nullptr;
    ReplayRun run(options, registry, limits);
    std::string error;
    MemorySink sink;
    if (!run.prepare(&error)) {
        result.error = QString::fromStdString(error).replace(c.dir + "/", "");
        return result;
    }
    const engine::PipelineStats stats = run.run(sink, false);
    for (const std::string &line : stats.reader.errors)
        result.error += QString::fromStdString(line) + "\n";
    for (const std::string &line : stats.startupErrors)
        result.error += QString::fromStdString(line).replace(c.dir + "/", "") + "\n";
    result.error = result.error.trimmed();
    if (!result.error.isEmpty())
        return result;
    const QList<QJsonObject> records = parse(sink.records());
    const std::vector<std::string> luaLines = run.luaErrorLines();
    const QStringList luaErrors = errorLines(luaLines, c.dir);
    result.records = int(records.size());
    Expectation expectation;
    QString loadError;
    const bool loaded = expectation.load(c.expected, &loadError);
    if (settings_.update) {
        if (!loaded && QFile::exists(c.expected)) {
            result.error = loadError;   // never overwrite a file that is not an expectation
            return result;
        }
        result.updated = writeJson(c.expected, expectation.updated(records, luaErrors), &result.error);
        result.passed = result.updated;
        return result;
    }
    if (!loaded) {
        result.error = loadError;
        return result;
    }
    result.diff = expectation.compare(records, luaErrors);
    if (!result.diff.isEmpty() && !luaLines.empty()) {   // the traceback helps read the diff
        result.diff << "Lua errors of this run:";
        for (const std::string &line : luaLines)
            result.diff << "  " + QString::fromStdString(line).replace(c.dir + "/", "");
    }
    result.passed = result.diff.isEmpty();
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

} // namespace luacap::app::testing

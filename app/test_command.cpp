// `luacap test` (main thread): find the cases, run them in parallel on a QThreadPool (each
// case is one in-process replay), then print the results in the order the cases were found,
// so the report does not depend on which case finished first.
#include "test_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <cstdio>

#include "host/lua_coverage.h"
#include "testing/case_finder.h"
#include "testing/case_runner.h"
#include "testing/coverage_report.h"
#include "testing/junit_writer.h"

namespace luacap::app {

namespace {
using testing::CaseResult;
using testing::TestCase;

const char *kDescription =
    "Run dissector test cases: replay each case's capture with its Lua files and compare the\n"
    "session records with its expectation (NAME.expected.json). A case is NAME.case.json, or\n"
    "NAME.pcap with NAME.lua (or NAME/*.lua); directories are searched recursively.\n"
    "See docs/tutorial.md.";

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    parser.addOptions({
        {"update", "Write or refresh the expectations from this run (review them before committing)."},
        {"junit", "Also write a JUnit XML report to FILE.", "FILE"},
        {"coverage", "Report which lines of each Lua file ran (text, on standard output)."},
        {"coverage-lcov", "Write Lua line coverage as an lcov tracefile to FILE (implies --coverage).", "FILE"},
        {"trace-lua", "Log every Lua callback call, its arguments summarised and its session, on stderr."},
        {{"j", "jobs"}, "Cases run at once (default: number of cores).", "N"},
    });
    parser.addPositionalArgument("CASE", "Case files or directories (default: the current directory).", "[DIR|CASE...]");
}

// luacap-pcapgen beside luacap (installed) or in the build tree's tools/pcapgen.
QString findPcapgen()
{
    const QString env = qEnvironmentVariable("LUACAP_PCAPGEN");
    if (!env.isEmpty())
        return env;
    const QString dir = QCoreApplication::applicationDirPath();
    for (const QString &candidate : {dir + "/luacap-pcapgen", dir + "/../tools/pcapgen/luacap-pcapgen"})
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).absoluteFilePath();
    return "luacap-pcapgen";
}

void printResult(const TestCase &c, const CaseResult &r)
{
    if (!r.error.isEmpty()) {
        std::printf("ERROR %s: %s\n", qPrintable(c.name), qPrintable(QString(r.error).replace("\n", "\n  ")));
        return;
    }
    if (r.updated) {
        std::printf("UPDATED %s (%d records) -> %s\n", qPrintable(c.name), r.records, qPrintable(c.expected));
        return;
    }
    std::printf("%s %s (%d records, %.2f s)\n", r.passed ? "PASS" : "FAIL", qPrintable(c.name), r.records, r.seconds);
    for (const QString &line : r.diff)
        std::printf("  %s\n", qPrintable(line));
}

std::vector<CaseResult> runAll(const std::vector<TestCase> &cases, const testing::RunSettings &settings, int jobs)
{
    std::vector<CaseResult> results(cases.size());
    QThreadPool pool;
    pool.setMaxThreadCount(jobs);
    const testing::CaseRunner runner(settings);
    for (size_t i = 0; i < cases.size(); ++i)
        pool.start([&, i] { results[i] = runner.run(cases[i]); });
    pool.waitForDone();
    return results;
}

bool writeCoverage(const QCommandLineParser &parser, const std::vector<TestCase> &cases,
                   const luaapi::LuaCoverage &coverage)
{
    QStringList files;
    for (const TestCase &c : cases)
        files << c.luaFiles;
    files.removeDuplicates();
    const testing::CoverageReport report(files, coverage);
    std::printf("%s", qPrintable(report.text()));
    if (!parser.isSet("coverage-lcov"))
        return true;
    QFile lcov(parser.value("coverage-lcov"));
    if (!lcov.open(QIODevice::WriteOnly) || lcov.write(report.lcov().toUtf8()) < 0) {
        std::fprintf(stderr, "luacap test: cannot write %s\n", qPrintable(lcov.fileName()));
        return false;
    }
    return true;
}
} // namespace

int runTest(QCoreApplication &)
{
    QCommandLineParser parser;
    addOptions(parser);
    QStringList args = QCoreApplication::arguments();
    args.removeAt(1);   // the "test" command word
    if (!parser.parse(args)) {
        std::fprintf(stderr, "luacap test: %s (try luacap test --help)\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet("help")) {
        std::printf("%s", qPrintable(parser.helpText().replace(args.first(), "luacap test")));
        return 0;
    }
    bool ok = true;
    const int jobs = parser.isSet("jobs") ? parser.value("jobs").toInt(&ok) : QThread::idealThreadCount();
    if (!ok || jobs < 1) {
        std::fprintf(stderr, "luacap test: --jobs needs a positive number\n");
        return 2;
    }
    std::vector<TestCase> cases;
    QString error;
    const QStringList where = parser.positionalArguments().isEmpty() ? QStringList{"."} : parser.positionalArguments();
    if (!testing::CaseFinder().find(where, cases, &error) || cases.empty()) {
        std::fprintf(stderr, "luacap test: %s\n", cases.empty() && error.isEmpty() ? "no test cases found" : qPrintable(error));
        return 2;
    }
    const bool coverage = parser.isSet("coverage") || parser.isSet("coverage-lcov");
    luaapi::LuaCoverage lines;
    testing::RunSettings settings{parser.isSet("update"), coverage ? &lines : nullptr, parser.isSet("trace-lua"),
                                  findPcapgen()};
    const std::vector<CaseResult> results = runAll(cases, settings, jobs);
    int passed = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        printResult(cases[i], results[i]);
        passed += results[i].passed;
    }
    std::printf("%d cases: %d passed, %d failed\n", int(cases.size()), passed, int(cases.size()) - passed);
    bool written = !coverage || writeCoverage(parser, cases, lines);
    if (parser.isSet("junit") && !testing::JunitWriter::write(parser.value("junit"), cases, results, &error)) {
        std::fprintf(stderr, "luacap test: %s\n", qPrintable(error));
        written = false;
    }
    return passed == int(cases.size()) && written ? 0 : 1;
}

} // namespace luacap::app

// luacap entry point: picks the subcommand and hands over. Thin wiring only.
#include <QCoreApplication>
#include <cstdio>
#include <cstring>

#include "allocator_config.h"
#include "capture_command.h"
#include "packets_command.h"
#include "query_command.h"
#include "replay_command.h"
#include "status_command.h"
#include "test_command.h"

namespace {
void printUsage(FILE *out)
{
    std::fprintf(out,
                 "Usage: luacap <command> [options]\n"
                 "\n"
                 "luacap reads packets, tracks sessions, reassembles TCP, runs parsers and Lua\n"
                 "dissectors, and writes one record per session.\n"
                 "\n"
                 "Commands:\n"
                 "  replay    replay pcap/pcapng files and write session records (JSON lines, SQLite, ClickHouse)\n"
                 "  capture   capture live from interfaces (or -r files) until SIGTERM: the daemon\n"
                 "  query     print stored session records matching a filter (SQLite or ClickHouse)\n"
                 "  packets   write stored sessions' packets (from capture's pcapDir) as one pcap\n"
                 "  status    print a running capture daemon's stats from its live API\n"
                 "  test      run dissector test cases: replay captures with Lua, compare with expectations\n"
                 "\n"
                 "Options:\n"
                 "  -h, --help     show this help (luacap <command> --help for a command's options)\n"
                 "  -v, --version  show the version\n");
}
} // namespace

int main(int argc, char **argv)
{
    luacap::app::configureAllocator();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("luacap");
    QCoreApplication::setApplicationVersion(LUACAP_VERSION);
    if (argc < 2) {
        printUsage(stderr);
        return 2;
    }
    const char *command = argv[1];
    if (!std::strcmp(command, "-h") || !std::strcmp(command, "--help") || !std::strcmp(command, "help")) {
        printUsage(stdout);
        return 0;
    }
    if (!std::strcmp(command, "-v") || !std::strcmp(command, "--version")) {
        std::printf("luacap %s\n", LUACAP_VERSION);
        return 0;
    }
    if (!std::strcmp(command, "replay"))
        return luacap::app::runReplay(app);
    if (!std::strcmp(command, "capture"))
        return luacap::app::runCapture(app);
    if (!std::strcmp(command, "query"))
        return luacap::app::runQuery(app);
    if (!std::strcmp(command, "packets"))
        return luacap::app::runPackets(app);
    if (!std::strcmp(command, "status"))
        return luacap::app::runStatus(app);
    if (!std::strcmp(command, "test"))
        return luacap::app::runTest(app);
    std::fprintf(stderr, "luacap: unknown command '%s' (try luacap --help)\n", command);
    return 2;
}

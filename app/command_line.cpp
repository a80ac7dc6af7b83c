// parseCommandLine and commandUsageError (main thread).
#include "command_line.h"

#include <cstdio>

namespace luacap::app {

int readThreadsOption(const QCommandLineParser &parser, const char *command, int &threads)
{
    if (!parser.isSet("threads"))
        return -1;
    bool ok = false;
    const int n = parser.value("threads").toInt(&ok);
    if (!ok || n < 1 || n > 256)
        return commandUsageError(command, "--threads needs a number from 1 to 256, not '" + parser.value("threads") + "'");
    threads = n;
    return -1;
}

int commandUsageError(const char *command, const QString &message)
{
    std::fprintf(stderr, "luacap %s: %s (try luacap %s --help)\n", command, qPrintable(message), command);
    return 2;
}

int parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const char *command)
{
    QStringList args = arguments;
    args.removeAt(1);   // the command word
    if (!parser.parse(args))
        return commandUsageError(command, parser.errorText());
    if (parser.isSet("help")) {
        std::printf("%s", qPrintable(parser.helpText().replace(args.first(), QString("luacap ") + command)));
        return 0;
    }
    return -1;
}

} // namespace luacap::app

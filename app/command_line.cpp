// parseCommandLine and commandUsageError (main thread).
#include "command_line.h"

#include <cstdio>

namespace luacap::app {

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

// The front matter every `luacap COMMAND` parser shares (main thread): parse the arguments
// after the command word, answer --help, and report usage errors the same way.
#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace luacap::app {

// Prints "luacap COMMAND: message (try luacap COMMAND --help)"; returns 2, the usage exit code.
int commandUsageError(const char *command, const QString &message);

// Parses arguments (the process's, command word at index 1) into parser, whose options are
// already added. Returns -1 to go on, 0 after printing --help, 2 after a usage error.
int parseCommandLine(QCommandLineParser &parser, const QStringList &arguments, const char *command);

// --threads N (1..256) into threads when given. Returns -1 to go on, 2 after a usage error.
int readThreadsOption(const QCommandLineParser &parser, const char *command, int &threads);

} // namespace luacap::app

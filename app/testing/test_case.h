// TestCase: one `luacap test` case as found on disk (by naming convention or a manifest):
// its captures (or a luacap-pcapgen command line), Lua files, config, extra replay options and
// expectation file. Plain data, built on the main thread and read by one pool thread.
#pragma once

#include <QString>
#include <QStringList>

namespace luacap::app::testing {

struct TestCase {
    QString name;           // path of the case without extension, relative to where it was found
    QString dir;            // absolute directory of the case's files (error lines are made relative to it)
    QStringList pcaps;      // absolute paths
    QStringList pcapgen;    // luacap-pcapgen arguments (without -o) when the capture is generated
    QStringList luaFiles;   // absolute paths, in load order
    QString config;         // absolute path or empty
    QStringList options;    // extra `luacap replay` options
    QString expected;       // absolute path of the expectation (may not exist yet)
};

} // namespace luacap::app::testing

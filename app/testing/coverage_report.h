// CoverageReport: line coverage of the Lua files of a `luacap test` run, as text (per file:
// lines hit / lines with code, and the missed lines as ranges) and as lcov tracefile
// (main thread, after every case ended).
#pragma once

#include <QString>
#include <QStringList>
#include <map>
#include <set>

#include "host/lua_coverage.h"

namespace luacap::app::testing {

class CoverageReport {
public:
    // files: every Lua file the cases loaded (absolute paths), hit or not.
    CoverageReport(const QStringList &files, const luaapi::LuaCoverage &coverage);

    QString text() const;
    QString lcov() const;

private:
    struct File {
        std::set<int> active;           // lines with code
        luaapi::LuaCoverage::Lines hits;
    };
    std::map<QString, File> files_;
    QStringList errors_;
};

} // namespace luacap::app::testing

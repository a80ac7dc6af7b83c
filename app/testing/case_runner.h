// CaseRunner: runs one test case in-process (a pool thread): generates its capture when the
// case names a luacap-pcapgen command line, replays it through the same ReplayRun as
// `luacap replay`, and compares (or, with update, rewrites) the expectation.
#pragma once

#include <QString>
#include <QStringList>

#include "testing/test_case.h"

namespace luacap::luaapi {
class LuaCoverage;
}

namespace luacap::app::testing {

struct CaseResult {
    bool passed = false;
    bool updated = false;   // --update wrote the expectation
    QString error;          // the case could not run (bad options, Lua load error, ...)
    QStringList diff;       // readable per-session, per-field differences
    int records = 0;
    double seconds = 0;
};

struct RunSettings {
    bool update = false;
    luaapi::LuaCoverage *coverage = nullptr;
    bool traceLua = false;
    QString pcapgen;   // path of luacap-pcapgen, for cases with a "pcapgen" line
};

class CaseRunner {
public:
    explicit CaseRunner(const RunSettings &settings) : settings_(settings) {}
    CaseResult run(const TestCase &c) const;

private:
    bool generate(const TestCase &c, const QString &pcap, QString *error) const;
    QStringList arguments(const TestCase &c, const QStringList &pcaps) const;

    RunSettings settings_;
};

} // namespace luacap::app::testing

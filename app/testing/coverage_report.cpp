// CoverageReport implementation (main thread).
#include "testing/coverage_report.h"

#include <QDir>

#include "host/lua_line_map.h"

namespace luacap::app::testing {

namespace {
// "3-5, 9" from {3, 4, 5, 9}
QString ranges(const std::set<int> &lines)
{
    QStringList out;
    for (auto it = lines.begin(); it != lines.end();) {
        const int first = *it;
        int last = first;
        while (++it != lines.end() && *it == last + 1)
            last = *it;
        out << (first == last ? QString::number(first) : QString("%1-%2").arg(first).arg(last));
    }
    return out.join(", ");
}
} // namespace

CoverageReport::CoverageReport(const QStringList &files, const luaapi::LuaCoverage &coverage)
{
    const std::map<std::string, luaapi::LuaCoverage::Lines> hits = coverage.files();
    for (const QString &f : files) {
        File &file = files_[f];
        std::string error;
        if (!luaapi::LuaLineMap::activeLines(f.toStdString(), file.active, &error))
            errors_ << QString::fromStdString(error);
        const auto it = hits.find(f.toStdString());
        if (it == hits.end())
            continue;
        for (const auto &[line, n] : it->second)
            if (file.active.count(line))   // a hit on an uncounted line ("end") is not reported
                file.hits[line] = n;
    }
}

QString CoverageReport::text() const
{
    QString out = "Lua line coverage:\n";
    size_t total = 0, hit = 0;
    for (const auto &[path, f] : files_) {
        std::set<int> missed;
        for (int line : f.active)
            if (!f.hits.count(line))
                missed.insert(line);
        const size_t n = f.active.size(), h = n - missed.size();
        total += n;
        hit += h;
        out += QString("  %1: %2/%3 lines (%4%)").arg(QDir::current().relativeFilePath(path)).arg(h).arg(n)
                   .arg(n ? 100.0 * double(h) / double(n) : 100.0, 0, 'f', 1);
        out += missed.empty() ? QString("\n") : "; not run: " + ranges(missed) + "\n";
    }
    out += QString("  total: %1/%2 lines (%3%)\n").arg(hit).arg(total)
               .arg(total ? 100.0 * double(hit) / double(total) : 100.0, 0, 'f', 1);
    for (const QString &e : errors_)
        out += "  " + e + "\n";
    return out;
}

// lcov tracefile: per file SF, one DA per line with code, LF/LH totals.
QString CoverageReport::lcov() const
{
    QString out;
    for (const auto &[path, f] : files_) {
        out += "TN:\nSF:" + path + "\n";
        for (int line : f.active) {
            const auto it = f.hits.find(line);
            out += QString("DA:%1,%2\n").arg(line).arg(it == f.hits.end() ? 0 : qulonglong(it->second));
        }
        out += QString("LF:%1\nLH:%2\nend_of_record\n").arg(f.active.size()).arg(f.hits.size());
    }
    return out;
}

} // namespace luacap::app::testing

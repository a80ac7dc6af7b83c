// CaseFinder implementation (main thread).
#include "testing/case_finder.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace luacap::app::testing {

namespace {
const QStringList kCaptureSuffixes{".pcap", ".pcapng", ".pcap.gz", ".pcapng.gz"};

// "dir/foo" for dir/foo.case.json, dir/foo.lua, dir/foo.pcap, dir/foo.expected.json.
QString stemOf(const QString &path)
{
    for (const QString &suffix : QStringList{".case.json", ".expected.json", ".lua"} + kCaptureSuffixes)
        if (path.endsWith(suffix))
            return path.chopped(suffix.size());
    return path;
}

QString capture(const QString &stem)
{
    for (const QString &suffix : kCaptureSuffixes)
        if (QFileInfo(stem + suffix).isFile())
            return stem + suffix;
    return {};
}

QStringList luaOf(const QString &stem)
{
    if (QFileInfo(stem + ".lua").isFile())
        return {stem + ".lua"};
    QStringList out;
    const QDir dir(stem);
    for (const QString &f : dir.entryList({"*.lua"}, QDir::Files, QDir::Name))
        out << dir.filePath(f);
    return out;
}

QStringList strings(const QJsonValue &v, const QDir &dir, bool paths)
{
    QStringList out;
    const QJsonArray array = v.isString() ? QJsonArray{v} : v.toArray();
    for (const QJsonValue &e : array)
        out << (paths ? QDir::cleanPath(dir.absoluteFilePath(e.toString())) : e.toString());
    return out;
}
} // namespace

bool CaseFinder::find(const QStringList &arguments, std::vector<TestCase> &cases, QString *error)
{
    for (const QString &arg : arguments) {
        const QFileInfo info(arg);
        if (info.isDir()) {
            if (!addDirectory(info.absoluteFilePath(), arg, cases, error))
                return false;
            continue;
        }
        const QString stem = stemOf(info.absoluteFilePath());
        const int before = int(cases.size());
        if (!addStem(stem, QFileInfo(arg).path() == "." ? QFileInfo(stem).fileName()
                                                         : QFileInfo(arg).path() + "/" + QFileInfo(stem).fileName(),
                     cases, error))
            return false;
        if (int(cases.size()) == before && !seen_.contains(stem)) {
            *error = arg + ": not a test case (no NAME.case.json, or NAME.pcap with NAME.lua)";
            return false;
        }
    }
    return true;
}

bool CaseFinder::addDirectory(const QString &dir, const QString &base, std::vector<TestCase> &cases, QString *error)
{
    QStringList stems;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(".case.json") || (path.endsWith(".lua") && !capture(stemOf(path)).isEmpty()) ||
            (!capture(stemOf(path)).isEmpty() && QFileInfo(stemOf(path)).isDir()))
            stems << stemOf(path);
    }
    stems.removeDuplicates();
    stems.sort();   // deterministic order, whatever the file system lists first
    for (const QString &stem : stems)
        if (!addStem(stem, QDir::cleanPath(base + "/" + QDir(dir).relativeFilePath(stem)), cases, error))
            return false;
    return true;
}

bool CaseFinder::addStem(const QString &stem, const QString &name, std::vector<TestCase> &cases, QString *error)
{
    if (seen_.contains(stem))
        return true;
    TestCase c;
    c.dir = QFileInfo(stem).absolutePath();
    c.name = name;
    c.expected = stem + ".expected.json";
    if (QFileInfo(stem + ".case.json").isFile()) {
        if (!readManifest(stem + ".case.json", c, error))
            return false;
    } else {
        const QString pcap = capture(stem);
        c.luaFiles = luaOf(stem);
        if (pcap.isEmpty() || c.luaFiles.isEmpty())
            return true;
        c.pcaps << pcap;
    }
    seen_ << stem;
    cases.push_back(c);
    return true;
}

// {"pcaps": [...] | "pcapgen": [...], "lua": [...], "config": "x.ini", "options": [...],
//  "expected": "x.expected.json"}; paths relative to the manifest.
bool CaseFinder::readManifest(const QString &path, TestCase &c, QString *error)
{
    QFile file(path);
    QJsonParseError parseError;
    const QJsonDocument doc =
        file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll(), &parseError) : QJsonDocument();
    if (!doc.isObject()) {
        *error = path + ": not a JSON object" +
                 (file.isOpen() ? " (" + parseError.errorString() + ")" : QString(" (cannot read it)"));
        return false;
    }
    const QJsonObject m = doc.object();
    const QDir dir = QFileInfo(path).absoluteDir();
    c.pcaps = strings(m.value("pcaps"), dir, true);
    c.pcapgen = strings(m.value("pcapgen"), dir, false);
    c.luaFiles = strings(m.value("lua"), dir, true);
    c.options = strings(m.value("options"), dir, false);
    if (m.contains("config"))
        c.config = QDir::cleanPath(dir.absoluteFilePath(m.value("config").toString()));
    if (m.contains("expected"))
        c.expected = QDir::cleanPath(dir.absoluteFilePath(m.value("expected").toString()));
    if (c.pcaps.isEmpty() == c.pcapgen.isEmpty()) {
        *error = path + ": give either \"pcaps\" or \"pcapgen\"";
        return false;
    }
    return true;
}

} // namespace luacap::app::testing

// CaseFinder: turns `luacap test` arguments (directories, case files) into test cases (main
// thread). Conventions, in docs/tutorial.md "Test cases":
//   NAME.case.json                         a manifest (pcaps or pcapgen, lua, config, options)
//   NAME.pcap|.pcapng + NAME.lua|NAME/*.lua  a case by naming convention
//   NAME.expected.json                     its expectation (written by --update)
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

#include "testing/test_case.h"

namespace luacap::app::testing {

class CaseFinder {
public:
    // Directories are searched recursively; a file names the case it belongs to. False with
    // *error for an argument that names no case or a manifest that does not parse.
    bool find(const QStringList &arguments, std::vector<TestCase> &cases, QString *error);

private:
    bool addDirectory(const QString &dir, const QString &base, std::vector<TestCase> &cases, QString *error);
    // name: how the report shows the case (the stem as the user's argument spelled it).
    bool addStem(const QString &stem, const QString &name, std::vector<TestCase> &cases, QString *error);
    bool readManifest(const QString &path, TestCase &c, QString *error);
    QStringList seen_;   // stems already added (a case named twice runs once)
};

} // namespace luacap::app::testing

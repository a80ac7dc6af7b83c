// Expectation: what a case's records must look like (NAME.expected.json), compared
// semantically, and rewritten by --update (a pool thread, one case). Format, documented in
// docs/tutorial.md "Expectations":
//   {"complete": true|false, "ignore": [FIELD...], "luaErrors": [LINE...],
//    "sessions": [{"session": "tcp A:p -> B:q", "select": {FIELD: VALUE}, "count": N,
//                  "fields": {FIELD: VALUE|null}}]}
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace luacap::app::testing {

class Expectation {
public:
    // False with *error when the file is missing or not an expectation.
    bool load(const QString &path, QString *error);
    // Diff lines, empty when records and Lua error lines meet the expectation.
    QStringList compare(const QList<QJsonObject> &records, const QStringList &luaErrors) const;
    // --update: a complete expectation when none was loaded (or it was complete), otherwise
    // the partial one with every asserted value refreshed from the records.
    QJsonObject updated(const QList<QJsonObject> &records, const QStringList &luaErrors) const;

private:
    QList<int> matching(const QJsonObject &entry, const QList<QJsonObject> &records, QList<bool> *claimed) const;
    QStringList compareFields(const QJsonObject &entry, const QJsonObject &record) const;
    QJsonObject completeEntry(const QJsonObject &record) const;
    bool ignored(const QString &field) const;

    QJsonObject doc_;
    bool loaded_ = false;
    bool complete_ = true;
    QStringList ignore_;
};

} // namespace luacap::app::testing

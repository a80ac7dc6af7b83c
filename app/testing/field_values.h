// Field-level helpers for comparing session records in `luacap test` (any thread): records
// flattened to dotted names, values compared as Arkime does (arrays as sets, except the
// few fields whose order means something), and short texts for diffs.
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QMap>
#include <QString>
#include <QStringList>

namespace luacap::app::testing {

// Fields a run changes without the input changing: ignored unless an expectation asks.
// node is the --node name; packetPos/packetLen/fileId describe where packets sit in the file.
const QStringList &volatileFields();

// {"http": {"host": [..]}} -> {"http.host": [..]}; arrays are leaves.
QMap<QString, QJsonValue> flatten(const QJsonObject &record);

// Equal as values of field name: numbers as doubles, arrays as sets unless ordered.
bool sameValue(const QString &name, const QJsonValue &expected, const QJsonValue &actual);

// A selector value matches an actual one: equal, or a scalar the actual array contains.
bool selects(const QJsonValue &wanted, const QJsonValue &actual);

// "tcp 10.0.0.1:3858 -> 198.18.0.53:80" from ipProtocol, source.* and destination.*.
QString sessionOf(const QJsonObject &record);

// Compact JSON text of a value, and for two arrays what is missing / extra.
QString text(const QJsonValue &v);
QString setDifference(const QJsonValue &expected, const QJsonValue &actual);

} // namespace luacap::app::testing

// Expectation implementation (the case's pool thread).
#include "testing/expectation.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "testing/field_values.h"

namespace luacap::app::testing {

namespace {
QString selectorText(const QJsonObject &entry)
{
    QJsonObject s;
    for (const char *key : {"session", "select"})
        if (entry.contains(key))
            s.insert(key, entry.value(key));
    return s.isEmpty() ? "{} (any session)" : QString::fromUtf8(QJsonDocument(s).toJson(QJsonDocument::Compact));
}

QString label(const QJsonObject &record)
{
    return "session " + sessionOf(record) + " (firstPacket " +
           QString::number(qint64(record.value("firstPacket").toDouble())) + ")";
}

QStringList lines(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out << e.toString();
    return out;
}

void removePath(QJsonObject &o, const QString &dotted)
{
    const int dot = dotted.indexOf('.');
    if (o.contains(dotted) || dot < 0) {
        o.remove(dotted);
        return;
    }
    const QString head = dotted.left(dot);
    if (!o.value(head).isObject())
        return;
    QJsonObject inner = o.value(head).toObject();
    removePath(inner, dotted.mid(dot + 1));
    o.insert(head, inner);
}
} // namespace

bool Expectation::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "no expectation " + path + " (write one with --update, then review it)";
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject() || !doc.object().value("sessions").isArray()) {
        *error = path + ": not an expectation (a JSON object with a \"sessions\" array)" +
                 (doc.isNull() ? ": " + parseError.errorString() : QString());
        return false;
    }
    doc_ = doc.object();
    loaded_ = true;
    complete_ = doc_.value("complete").toBool(false);
    ignore_ = lines(doc_.value("ignore"));
    return true;
}

bool Expectation::ignored(const QString &field) const
{
    for (const QString &f : volatileFields() + ignore_)
        if (field == f || field.startsWith(f + "."))
            return true;
    return false;
}

// Records an entry selects: by "session" (5-tuple as the initiator saw it) and every
// "select" field. In a complete expectation each record belongs to one entry only.
QList<int> Expectation::matching(const QJsonObject &entry, const QList<QJsonObject> &records,
                                 QList<bool> *claimed) const
{
    QList<int> out;
    const QJsonObject select = entry.value("select").toObject();
    for (int i = 0; i < records.size(); ++i) {
        if (claimed && (*claimed)[i])
            continue;
        if (entry.contains("session") && sessionOf(records[i]) != entry.value("session").toString())
            continue;
        const QMap<QString, QJsonValue> flat = flatten(records[i]);
        bool all = true;
        for (auto it = select.begin(); all && it != select.end(); ++it)
            all = flat.contains(it.key()) && selects(*it, flat.value(it.key()));
        if (!all)
            continue;
        out << i;
        if (claimed) {
            (*claimed)[i] = true;
            break;
        }
    }
    return out;
}

QStringList Expectation::compareFields(const QJsonObject &entry, const QJsonObject &record) const
{
    QStringList diff;
    const QMap<QString, QJsonValue> want = flatten(entry.value("fields").toObject());
    const QMap<QString, QJsonValue> got = flatten(record);
    for (auto it = want.begin(); it != want.end(); ++it) {
        const QJsonValue actual = got.value(it.key(), QJsonValue(QJsonValue::Undefined));
        if (it->isNull() && actual.isUndefined())
            continue;
        if (!it->isNull() && !actual.isUndefined() && sameValue(it.key(), *it, actual))
            continue;
        const QString sets = setDifference(*it, actual);
        diff << it.key() + ": expected " + (it->isNull() ? QString("absent") : text(*it)) + ", got " + text(actual) +
                    (sets.isEmpty() ? QString() : " (" + sets + ")");
    }
    if (!complete_)
        return diff;
    for (auto it = got.begin(); it != got.end(); ++it)
        if (!want.contains(it.key()) && !ignored(it.key()))
            diff << it.key() + ": not expected, got " + text(*it);
    return diff;
}

QStringList Expectation::compare(const QList<QJsonObject> &records, const QStringList &luaErrors) const
{
    QStringList diff;
    QList<bool> claimed(records.size(), false);
    for (const QJsonValue &v : doc_.value("sessions").toArray()) {
        const QJsonObject entry = v.toObject();
        const QList<int> hits = matching(entry, records, complete_ ? &claimed : nullptr);
        if (entry.contains("count") && hits.size() != entry.value("count").toInt())
            diff << "expected " + QString::number(entry.value("count").toInt()) + " sessions matching " +
                        selectorText(entry) + ", got " + QString::number(hits.size());
        else if (hits.isEmpty())
            diff << "no session matches " + selectorText(entry);
        for (int i : hits) {
            const QStringList fields = compareFields(entry, records[i]);
            if (fields.isEmpty())
                continue;
            diff << label(records[i]);
            for (const QString &f : fields)
                diff << "  " + f;
        }
    }
    for (int i = 0; complete_ && i < records.size(); ++i)
        if (!claimed[i])
            diff << "unexpected " + label(records[i]) + " (not in the expectation)";
    const QStringList wantErrors = lines(doc_.value("luaErrors"));
    for (const QString &e : wantErrors)
        if (!luaErrors.contains(e))
            diff << "expected Lua error not reported: " + e;
    for (const QString &e : luaErrors)
        if (!wantErrors.contains(e))
            diff << "unexpected Lua error: " + e;
    return diff;
}

QJsonObject Expectation::completeEntry(const QJsonObject &record) const
{
    QJsonObject fields = record;
    for (const QString &f : volatileFields() + ignore_)
        removePath(fields, f);
    return {{"session", sessionOf(record)},
            {"select", QJsonObject{{"firstPacket", record.value("firstPacket")}}},
            {"fields", fields}};
}

QJsonObject Expectation::updated(const QList<QJsonObject> &records, const QStringList &luaErrors) const
{
    QJsonObject out = doc_;
    QJsonArray sessions;
    if (!loaded_ || complete_) {
        out.insert("complete", true);
        for (const QJsonObject &r : records)
            sessions.append(completeEntry(r));
    } else {
        for (const QJsonValue &v : doc_.value("sessions").toArray()) {
            QJsonObject entry = v.toObject();
            const QList<int> hits = matching(entry, records, nullptr);
            if (entry.contains("count"))
                entry.insert("count", hits.size());
            QJsonObject fields;
            const QMap<QString, QJsonValue> want = flatten(entry.value("fields").toObject());
            const QMap<QString, QJsonValue> got = hits.isEmpty() ? QMap<QString, QJsonValue>() : flatten(records[hits[0]]);
            for (auto it = want.begin(); it != want.end(); ++it)
                fields.insert(it.key(), got.value(it.key(), QJsonValue(QJsonValue::Null)));
            if (entry.contains("fields"))
                entry.insert("fields", fields);
            sessions.append(entry);
        }
    }
    out.insert("sessions", sessions);
    if (luaErrors.isEmpty())
        out.remove("luaErrors");
    else
        out.insert("luaErrors", QJsonArray::fromStringList(luaErrors));
    return out;
}

} // namespace luacap::app::testing

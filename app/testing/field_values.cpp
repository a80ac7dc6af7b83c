// Field-level comparison helpers (any thread).
#include "testing/field_values.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace luacap::app::testing {

namespace {
bool ordered(const QString &name)
{
    return name == "packetPos" || name == "packetLen" || name == "fileId";
}

void flattenInto(const QJsonObject &o, const QString &prefix, QMap<QString, QJsonValue> &out)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString name = prefix.isEmpty() ? it.key() : prefix + "." + it.key();
        if (it->isObject())
            flattenInto(it->toObject(), name, out);
        else
            out.insert(name, *it);
    }
}

bool sameScalar(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

bool contains(const QJsonArray &array, const QJsonValue &v)
{
    for (const QJsonValue &e : array)
        if (sameScalar(e, v))
            return true;
    return false;
}

QString protocolName(int p)
{
    switch (p) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 58: return "icmpv6";
    case 132: return "sctp";
    default: return "ip-proto-" + QString::number(p);
    }
}
} // namespace

const QStringList &volatileFields()
{
    static const QStringList fields{"node", "packetPos", "packetLen", "fileId"};
    return fields;
}

QMap<QString, QJsonValue> flatten(const QJsonObject &record)
{
    QMap<QString, QJsonValue> out;
    flattenInto(record, {}, out);
    return out;
}

bool sameValue(const QString &name, const QJsonValue &expected, const QJsonValue &actual)
{
    if (!expected.isArray() || !actual.isArray() || ordered(name)) {
        if (expected.isArray() && actual.isArray())
            return expected == actual;
        return sameScalar(expected, actual);
    }
    const QJsonArray e = expected.toArray(), a = actual.toArray();
    if (e.size() != a.size())
        return false;
    for (const QJsonValue &v : e)
        if (!contains(a, v))
            return false;
    return true;
}

bool selects(const QJsonValue &wanted, const QJsonValue &actual)
{
    if (actual.isArray() && !wanted.isArray())
        return contains(actual.toArray(), wanted);
    return sameValue({}, wanted, actual);
}

QString sessionOf(const QJsonObject &r)
{
    const QJsonObject src = r.value("source").toObject(), dst = r.value("destination").toObject();
    const auto endpoint = [](const QJsonObject &side) {
        const QString ip = side.value("ip").toString("?");
        return (ip.contains(':') ? "[" + ip + "]" : ip) + ":" + QString::number(side.value("port").toInt());
    };
    return protocolName(r.value("ipProtocol").toInt()) + " " + endpoint(src) + " -> " + endpoint(dst);
}

QString text(const QJsonValue &v)
{
    if (v.isUndefined())
        return "(absent)";
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString setDifference(const QJsonValue &expected, const QJsonValue &actual)
{
    if (!expected.isArray() || !actual.isArray())
        return {};
    QJsonArray missing, extra;
    for (const QJsonValue &v : expected.toArray())
        if (!contains(actual.toArray(), v))
            missing.append(v);
    for (const QJsonValue &v : actual.toArray())
        if (!contains(expected.toArray(), v))
            extra.append(v);
    QStringList parts;
    if (!missing.isEmpty())
        parts << "missing " + text(missing);
    if (!extra.isEmpty())
        parts << "extra " + text(extra);
    return parts.join(", ");
}

} // namespace luacap::app::testing

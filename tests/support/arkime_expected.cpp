// Arkime expected-output helpers (tests only).
#include "support/arkime_expected.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "support/run_luacap.h"

namespace luacap::test {

QList<QJsonObject> expectedBodies(const QString &testFile)
{
    QFile f(testFile);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> bodies;
    for (const QJsonValue &s : QJsonDocument::fromJson(f.readAll()).object().value("sessions3").toArray())
        bodies.append(s.toObject().value("body").toObject());
    return bodies;
}

QString sessionId(const QJsonObject &body)
{
    return QString("%1 %2:%3>%4:%5@%6")
        .arg(body.value("ipProtocol").toInteger())
        .arg(valueAt(body, "source.ip").toString())
        .arg(valueAt(body, "source.port").toInteger())
        .arg(valueAt(body, "destination.ip").toString())
        .arg(valueAt(body, "destination.port").toInteger())
        .arg(body.value("firstPacket").toInteger());
}

QString text(const QJsonValue &v)
{
    if (v.isUndefined())
        return "(absent)";
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isString())
        return v.toString();
    return QString::number(v.toDouble(), 'g', 17);
}

QString pairKey(const QJsonObject &body)
{
    QStringList ends = {valueAt(body, "source.ip").toString() + ":" + text(valueAt(body, "source.port")),
                        valueAt(body, "destination.ip").toString() + ":" + text(valueAt(body, "destination.port"))};
    ends.sort();
    return QString("%1 %2 %3@%4#%5").arg(body.value("ipProtocol").toInteger()).arg(ends[0], ends[1])
        .arg(body.value("firstPacket").toInteger()).arg(body.value("segmentCnt").toInteger());
}

QMultiMap<QString, QJsonObject> byPairKey(const QList<QJsonObject> &bodies)
{
    QMultiMap<QString, QJsonObject> map;
    for (const QJsonObject &b : bodies)
        map.insert(pairKey(b), b);
    return map;
}

} // namespace luacap::test

// ViewerRecord implementation (GUI thread).
#include "viewer_record.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace luacap::viewer {

namespace {
QString scalarText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'g', 17);
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    return {};
}
} // namespace

QString valueText(const QJsonObject &record, const QString &dottedPath)
{
    QJsonValue v = record;
    for (const QString &part : dottedPath.split('.'))
        v = v.toObject().value(part);
    if (!v.isArray())
        return scalarText(v);
    QStringList items;
    for (const QJsonValue &item : v.toArray())
        items << scalarText(item);
    return items.join(", ");
}

// The same columns SessionRow::parse reads (so filters agree with `luacap query`), taken from
// an already parsed object: parsing each record once halves the cost of a batch.
void ViewerRecord::fillRow(const QJsonObject &r, engine::SessionRow &row)
{
    const QJsonObject src = r.value(QLatin1String("source")).toObject();
    const QJsonObject dst = r.value(QLatin1String("destination")).toObject();
    const QJsonObject net = r.value(QLatin1String("network")).toObject();
    const auto joined = [](const QJsonValue &list) {
        QStringList items;
        for (const QJsonValue &item : list.toArray())
            items << item.toString();
        return items.join(',').toStdString();
    };
    row.firstPacket = r.value(QLatin1String("firstPacket")).toInteger();
    row.lastPacket = r.value(QLatin1String("lastPacket")).toInteger();
    row.ipProtocol = int(r.value(QLatin1String("ipProtocol")).toInteger());
    row.srcIp = src.value(QLatin1String("ip")).toString().toStdString();
    row.srcPort = int(src.value(QLatin1String("port")).toInteger());
    row.dstIp = dst.value(QLatin1String("ip")).toString().toStdString();
    row.dstPort = int(dst.value(QLatin1String("port")).toInteger());
    row.packets = net.value(QLatin1String("packets")).toInteger();
    row.bytes = net.value(QLatin1String("bytes")).toInteger();
    row.dataBytes = r.value(QLatin1String("totDataBytes")).toInteger();
    row.protocols = joined(r.value(QLatin1String("protocol")));
    row.tags = joined(r.value(QLatin1String("tags")));
    row.node = r.value(QLatin1String("node")).toString().toStdString();
    row.communityId = net.value(QLatin1String("community_id")).toString().toStdString();
}

bool ViewerRecord::fromJson(const QByteArray &json, const QStringList &chosenPaths, ViewerRecord &out)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return false;
    const QJsonObject object = doc.object();
    out.json = json;
    fillRow(object, out.row);
    out.chosen.clear();
    for (const QString &path : chosenPaths)
        out.chosen << valueText(object, path);
    return true;
}

} // namespace luacap::viewer

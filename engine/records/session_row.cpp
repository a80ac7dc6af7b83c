// SessionRow implementation: pulls typed columns out of a JSON record (sink threads).
#include "records/session_row.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace luacap::engine {

namespace {
std::string joined(const QJsonValue &value)
{
    std::string out;
    for (const QJsonValue &item : value.toArray()) {
        if (!out.empty())
            out += ',';
        out += item.toString().toStdString();
    }
    return out;
}

int64_t integer(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toInteger();
}

QString text(const std::string &s) { return QString::fromStdString(s); }
} // namespace

bool SessionRow::parse(const std::string &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), qsizetype(json.size())));
    if (!doc.isObject())
        return false;
    const QJsonObject r = doc.object();
    const QJsonObject src = r.value("source").toObject();
    const QJsonObject dst = r.value("destination").toObject();
    const QJsonObject net = r.value("network").toObject();
    firstPacket = integer(r, "firstPacket");
    lastPacket = integer(r, "lastPacket");
    ipProtocol = int(integer(r, "ipProtocol"));
    srcIp = src.value("ip").toString().toStdString();
    srcPort = int(integer(src, "port"));
    dstIp = dst.value("ip").toString().toStdString();
    dstPort = int(integer(dst, "port"));
    packets = integer(net, "packets");
    bytes = integer(net, "bytes");
    dataBytes = integer(r, "totDataBytes");
    protocols = joined(r.value("protocol"));
    tags = joined(r.value("tags"));
    node = r.value("node").toString().toStdString();
    communityId = net.value("community_id").toString().toStdString();
    return true;
}

std::string SessionRow::toJsonEachRow(const std::string &json, const std::string &batch) const
{
    QJsonObject o;
    o.insert("firstPacket", qint64(firstPacket));
    o.insert("lastPacket", qint64(lastPacket));
    o.insert("ipProtocol", ipProtocol);
    o.insert("srcIp", text(srcIp));
    o.insert("srcPort", srcPort);
    o.insert("dstIp", text(dstIp));
    o.insert("dstPort", dstPort);
    o.insert("packets", qint64(packets));
    o.insert("bytes", qint64(bytes));
    o.insert("dataBytes", qint64(dataBytes));
    o.insert("protocols", text(protocols));
    o.insert("tags", text(tags));
    o.insert("node", text(node));
    o.insert("communityId", text(communityId));
    o.insert("batch", text(batch));
    o.insert("json", QString::fromUtf8(json.data(), qsizetype(json.size())));
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace luacap::engine

// OfflinePackets implementation (GUI thread; reads a few KB of the replayed file).
#include "offline_packets.h"

#include <QFile>
#include <QJsonArray>
#include <QtEndian>

namespace luacap::viewer {

namespace {
bool classicPcap(const QByteArray &header)
{
    if (header.size() < 24)
        return false;
    const quint32 magic = qFromLittleEndian<quint32>(header.constData());
    return magic == 0xa1b2c3d4 || magic == 0xd4c3b2a1 || magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
}
} // namespace

QByteArray OfflinePackets::extract(const QString &pcapPath, const QJsonObject &record, QString *error)
{
    QFile file(pcapPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QByteArray out = file.read(24);
    if (!classicPcap(out)) {
        *error = QObject::tr("packets can be shown for classic pcap files only");
        return {};
    }
    const QJsonArray positions = record.value("packetPos").toArray();
    const QJsonArray lengths = record.value("packetLen").toArray();
    if (positions.isEmpty() || positions.size() != lengths.size()) {
        *error = QObject::tr("the record has no packet positions");
        return {};
    }
    for (qsizetype i = 0; i < positions.size(); ++i) {
        const qint64 position = positions[i].toInteger();
        const qint64 length = lengths[i].toInteger();
        if (position < 24 || length < 16 || !file.seek(position)) {
            *error = QObject::tr("bad packet position %1").arg(position);
            return {};
        }
        out += file.read(length);
    }
    return out;
}

} // namespace luacap::viewer

// OfflinePackets: a replayed session's packets, cut out of the pcap the viewer replayed by
// the record's packetPos/packetLen (offsets of each packet's record header and its length
// with that header), as a small pcap file of their own. GUI thread.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace luacap::viewer {

class OfflinePackets {
public:
    // The session's packets as a pcap file, or an empty array with *error.
    static QByteArray extract(const QString &pcapPath, const QJsonObject &record, QString *error);
};

} // namespace luacap::viewer

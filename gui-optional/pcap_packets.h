// PcapPackets: reads the classic pcap files the daemon answers /sessions/ID/packets with
// (and the viewer builds for offline sessions) into packets for the hex view. GUI thread.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace luacap::viewer {

struct CapturedPacket {
    qint64 seconds = 0;
    qint64 fraction = 0;          // microseconds, or nanoseconds when nanosecond is set
    quint32 originalLength = 0;
    QByteArray data;
};

struct PcapPackets {
    quint32 linkType = 0;
    bool nanosecond = false;
    QList<CapturedPacket> packets;

    // False with *error for a file that is not classic pcap or is cut inside a header.
    bool parse(const QByteArray &file, QString *error);
};

// Offset, 16 bytes as hex, and the same bytes as ASCII (dots for the unprintable).
QString hexDump(const QByteArray &bytes);

} // namespace luacap::viewer

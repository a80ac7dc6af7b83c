// PcapPackets implementation (GUI thread).
#include "pcap_packets.h"

#include <QtEndian>

namespace luacap::viewer {

namespace {
struct Magic {
    quint32 value;
    bool swapped;
    bool nanosecond;
};
constexpr Magic kMagics[] = {{0xa1b2c3d4, false, false}, {0xd4c3b2a1, true, false},
                             {0xa1b23c4d, false, true}, {0x4d3cb2a1, true, true}};

quint32 word(const QByteArray &file, qsizetype offset, bool swapped)
{
    const quint32 v = qFromLittleEndian<quint32>(file.constData() + offset);
    return swapped ? qbswap(v) : v;
}
} // namespace

bool PcapPackets::parse(const QByteArray &file, QString *error)
{
    packets.clear();
    if (file.size() < 24) {
        *error = QStringLiteral("not a pcap file (%1 bytes)").arg(file.size());
        return false;
    }
    const quint32 magic = qFromLittleEndian<quint32>(file.constData());
    const Magic *found = nullptr;
    for (const Magic &m : kMagics) {
        if (m.value == magic)
            found = &m;
    }
    if (!found) {
        *error = QStringLiteral("not a classic pcap file (magic 0x%1)").arg(magic, 8, 16, QLatin1Char('0'));
        return false;
    }
    // The magic read little-endian: "swapped" means the file is big-endian.
    const bool big = found->swapped;
    nanosecond = found->nanosecond;
    linkType = word(file, 20, big);
    for (qsizetype at = 24; at < file.size();) {
        if (file.size() - at < 16) {
            *error = QStringLiteral("cut inside a packet header at byte %1").arg(at);
            return false;
        }
        CapturedPacket p;
        p.seconds = word(file, at, big);
        p.fraction = word(file, at + 4, big);
        const quint32 captured = word(file, at + 8, big);
        p.originalLength = word(file, at + 12, big);
        p.data = file.mid(at + 16, captured);   // a cut last packet keeps what is there
        packets.append(p);
        at += 16 + qsizetype(captured);
    }
    return true;
}

QString hexDump(const QByteArray &bytes)
{
    QString out;
    for (qsizetype line = 0; line < bytes.size(); line += 16) {
        out += QStringLiteral("%1  ").arg(line, 4, 16, QLatin1Char('0'));
        QString ascii;
        for (qsizetype i = line; i < line + 16; ++i) {
            if (i >= bytes.size()) {
                out += QStringLiteral("   ");
                continue;
            }
            const auto c = static_cast<unsigned char>(bytes[i]);
            out += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
            ascii += (c >= 0x20 && c < 0x7f) ? QChar(c) : QChar('.');
        }
        out += ' ' + ascii + '\n';
    }
    return out;
}

} // namespace luacap::viewer

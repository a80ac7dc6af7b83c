// FrameBuilder: tiny helpers that build link/IP/transport headers by hand for decoder tests.
#pragma once

#include <QByteArray>
#include <initializer_list>

namespace frames {

inline QByteArray bytes(std::initializer_list<int> v)
{
    QByteArray b;
    for (int x : v)
        b.append(char(x));
    return b;
}
inline QByteArray be16(int v) { return bytes({(v >> 8) & 0xff, v & 0xff}); }
inline QByteArray be32(uint32_t v) { return be16(int(v >> 16)) + be16(int(v & 0xffff)); }
inline QByteArray le16(int v) { return bytes({v & 0xff, (v >> 8) & 0xff}); }

inline QByteArray mac(int last) { return bytes({0x02, 0, 0, 0, 0, last}); }
inline QByteArray eth(int type, int dstLast = 2, int srcLast = 1) { return mac(dstLast) + mac(srcLast) + be16(type); }
inline QByteArray vlanTag(int tpid, int id, int inner) { return be16(tpid) + be16(id) + be16(inner); }

inline QByteArray v4(int a, int b, int c, int d) { return bytes({a, b, c, d}); }
inline QByteArray v6(int last) { return bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last}); }

// IPv4 header (+options) followed by payload; fragField is the flags/offset word.
inline QByteArray ipv4(int proto, const QByteArray &src, const QByteArray &dst, const QByteArray &payload,
                       int fragField = 0, int id = 1, const QByteArray &options = {})
{
    const int hdr = 20 + int(options.size());
    return bytes({0x40 | (hdr / 4), 0}) + be16(hdr + int(payload.size())) + be16(id) + be16(fragField) +
           bytes({64, proto, 0, 0}) + src + dst + options + payload;
}
inline QByteArray ipv6(int next, const QByteArray &src, const QByteArray &dst, const QByteArray &payload)
{
    return bytes({0x60, 0, 0, 0}) + be16(int(payload.size())) + bytes({next, 64}) + src + dst + payload;
}
inline QByteArray tcp(int sport, int dport, uint32_t seq, uint32_t ack, int flags, const QByteArray &payload = {},
                      int flagsHigh = 0)
{
    return be16(sport) + be16(dport) + be32(seq) + be32(ack) + bytes({0x50 | flagsHigh, flags}) + be16(1024) +
           be16(0) + be16(0) + payload;
}
inline QByteArray udp(int sport, int dport, const QByteArray &payload)
{
    return be16(sport) + be16(dport) + be16(8 + int(payload.size())) + be16(0) + payload;
}
// 802.2 LLC + SNAP header with the RFC 1042 OUI: the protocol is an ethertype.
inline QByteArray snap(int type, int ouiLast = 0) { return bytes({0xaa, 0xaa, 0x03, 0, 0, ouiLast}) + be16(type); }
// FDDI header: frame control, destination, source (MACs given as they are on the wire).
inline QByteArray fddi(int fc, const QByteArray &dst, const QByteArray &src) { return bytes({fc}) + dst + src; }
inline QByteArray icmp(int type, int code) { return bytes({type, code, 0, 0, 0, 1, 0, 1}); }

} // namespace frames

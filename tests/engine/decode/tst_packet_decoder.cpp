// PacketDecoder unit tests: hand-built frames for every link type and encapsulation,
// truncated and corrupt variants, key symmetry, and a small fuzz run (no crash, ASan clean).
#include <QRandomGenerator>
#include <QTest>

#include <cstring>
#include <vector>

#include "decode/packet_decoder.h"
#include "frame_builder.h"

using namespace luacap::engine;
using namespace frames;

Q_DECLARE_METATYPE(PacketKind)

namespace {

const QByteArray kA = v4(10, 0, 0, 1), kB = v4(10, 0, 0, 2);

struct Decoded {
    PacketInfo info;
    DecodedBytes bytes;
};

Decoded decodeOne(int linkType, const QByteArray &frame, uint32_t wireLen = 0, DecoderConfig config = {})
{
    PacketDecoder d(linkType, config);
    Decoded r;
    r.info.wireLen = wireLen ? wireLen : uint32_t(frame.size());
    r.bytes = d.decode(reinterpret_cast<const uint8_t *>(frame.constData()), uint32_t(frame.size()), r.info);
    return r;
}

uint16_t srcPort(const PacketInfo &i) { return i.srcIsA ? i.key.portA : i.key.portB; }
uint16_t dstPort(const PacketInfo &i) { return i.srcIsA ? i.key.portB : i.key.portA; }

QByteArray tcpV4(const QByteArray &payload = "hello")
{
    return ipv4(6, kA, kB, tcp(1234, 80, 100, 200, 0x18, payload));
}
QByteArray udpV4(int sport = 5353, int dport = 53) { return ipv4(17, kA, kB, udp(sport, dport, "dnsq")); }
QByteArray tcpV6() { return ipv6(6, v6(1), v6(2), tcp(40000, 443, 1, 0, 0x02)); }

QByteArray greHeader(int flags, int proto, int optionalWords)
{
    QByteArray g = be16(flags) + be16(proto);
    for (int i = 0; i < optionalWords; ++i)
        g += be32(0x11223344u + uint32_t(i));
    return g;
}

} // namespace

class TstPacketDecoder : public QObject {
    Q_OBJECT
private slots:
    void decodes_data();
    void decodes();
    void arpRequestAndReplyShareKey();
    void lumpedProtocolsShareKey();
    void espBothDirectionsShareKey();
    void keyIsDirectionIndependent();
    void vlanInSessionKey();
    void macsAndOuterAddresses();
    void tcpFields();
    void fddiMacsAreCanonical();
    void packetEndpoints_data();
    void packetEndpoints();
    void truncatedCaptureFlag();
    void unsupportedLinkType();
    void everyTruncationIsSafe();
    void randomBytesAreSafe();
};

void TstPacketDecoder::decodes_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<PacketKind>("kind");
    QTest::addColumn<int>("proto");
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("sport");
    QTest::addColumn<int>("dport");
    QTest::addColumn<uint>("encaps");
    QTest::addColumn<uint>("flags");
    QTest::addColumn<int>("payloadLen");
    QTest::addColumn<int>("etherType");

    const auto S = PacketKind::Session, C = PacketKind::Corrupt, N = PacketKind::Counted;
    const int V4 = 4, V6 = 6, NON = 0;

    QTest::newRow("eth ipv4 tcp") << 1 << eth(0x0800) + tcpV4() << S << 6 << V4 << 1234 << 80 << 0u << 0u << 5 << 0x0800;
    QTest::newRow("eth padding bounded by ip length")
        << 1 << eth(0x0800) + tcpV4("ab") + QByteArray(20, '\0') << S << 6 << V4 << 1234 << 80 << 0u << 0u << 2 << 0x0800;
    QTest::newRow("eth ipv4 options udp")
        << 1 << eth(0x0800) + ipv4(17, kA, kB, udp(1, 2, "x"), 0, 1, bytes({1, 1, 1, 0}))
        << S << 17 << V4 << 1 << 2 << 0u << 0u << 1 << 0x0800;
    QTest::newRow("eth ipv6 tcp") << 1 << eth(0x86dd) + tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0x86dd;
    QTest::newRow("ipv6 hop-by-hop dest-opts routing")
        << 1 << eth(0x86dd) + ipv6(0, v6(1), v6(2), bytes({60, 0, 1, 4, 0, 0, 0, 0}) + bytes({43, 0, 1, 4, 0, 0, 0, 0}) +
                                                       bytes({17, 0, 0, 0, 0, 0, 0, 0}) + udp(7, 9, "abc"))
        << S << 17 << V6 << 7 << 9 << 0u << 0u << 3 << 0x86dd;
    QTest::newRow("ipv6 atomic fragment")
        << 1 << eth(0x86dd) + ipv6(44, v6(1), v6(2), bytes({17, 0, 0, 0, 0, 0, 0, 9}) + udp(7, 9, "abc"))
        << S << 17 << V6 << 7 << 9 << 0u << 0u << 3 << 0x86dd;
    QTest::newRow("qinq 88a8+8100") << 1 << eth(0x88a8) + vlanTag(0x88a8, 10, 0x8100).mid(2) + be16(20) + be16(0x0800) + udpV4()
                                    << S << 17 << V4 << 5353 << 53 << uint(EncapVlan) << 0u << 4 << 0x0800;
    QTest::newRow("vlan 9100") << 1 << eth(0x9100) + be16(7) + be16(0x86dd) + tcpV6() << S << 6 << V6 << 40000 << 443
                               << uint(EncapVlan) << 0u << 0 << 0x86dd;
    QTest::newRow("sll ipv4") << 113 << be16(0) + be16(1) + be16(6) + mac(1) + be16(0) + be16(0x0800) + udpV4()
                              << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0x0800;
    QTest::newRow("sll2 ipv6") << 276 << be16(0x86dd) + be16(0) + be32(3) + be16(1) + bytes({0, 6}) + mac(1) + be16(0) + tcpV6()
                               << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0x86dd;
    QTest::newRow("raw 101") << 101 << udpV4() << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0;
    QTest::newRow("raw 12 v6") << 12 << tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0;
    QTest::newRow("raw 14") << 14 << udpV4() << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0;
    QTest::newRow("ipv4 228") << 228 << udpV4() << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0;
    QTest::newRow("ipv6 229") << 229 << tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0;
    QTest::newRow("null le inet") << 0 << bytes({2, 0, 0, 0}) + udpV4() << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0;
    QTest::newRow("null be inet6 30") << 0 << bytes({0, 0, 0, 30}) + tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0;
    QTest::newRow("loop be inet6 24") << 108 << bytes({0, 0, 0, 24}) + tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0;
    QTest::newRow("null le inet6 28") << 0 << bytes({28, 0, 0, 0}) + tcpV6() << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0;
    QTest::newRow("null unknown family") << 0 << bytes({7, 0, 0, 0}) + udpV4() << N << 0 << NON << 0 << 0 << 0u << 0u << 0 << 0;
    {
        const QByteArray pkt = udpV4();
        const QByteArray prefix = le16(8) + le16(1) + be16(0x0800) + be16(0);   // NFULA_PACKET_HDR
        const QByteArray payload = le16(4 + int(pkt.size())) + le16(9) + pkt;
        QTest::newRow("nflog") << 239 << bytes({2, 0, 0, 0}) + prefix + payload << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0;
        QTest::newRow("nflog no payload tlv") << 239 << bytes({2, 0, 0, 0}) + prefix << N << 0 << NON << 0 << 0 << 0u << 0u << 0 << 0;
        QTest::newRow("nflog bad tlv length") << 239 << bytes({2, 0, 0, 0}) + le16(2) + le16(1) << C << 0 << NON << 0 << 0 << 0u
                                              << uint(FlagCorruptEther) << 0 << 0;
    }
    QTest::newRow("mpls 2 labels ipv4") << 1 << eth(0x8847) + be32(0x00010040) + be32(0x00020140) + ipv4(1, kA, kB, icmp(8, 0))
                                        << S << 1 << V4 << 0 << 0 << uint(EncapMpls) << 0u << 0 << 0x8847;
    QTest::newRow("mpls ipv6") << 1 << eth(0x8848) + be32(0x00010140) + tcpV6() << S << 6 << V6 << 40000 << 443 << uint(EncapMpls)
                               << 0u << 0 << 0x8848;
    QTest::newRow("pppoe ipv6") << 1 << eth(0x8864) + bytes({0x11, 0}) + be16(1) + be16(2 + 60) + be16(0x0057) + tcpV6()
                                << S << 6 << V6 << 40000 << 443 << uint(EncapPppoe | EncapPpp) << 0u << 0 << 0x8864;
    QTest::newRow("pppoe lcp") << 1 << eth(0x8864) + bytes({0x11, 0}) + be16(1) + be16(6) + be16(0xc021) + be32(0)
                               << N << 0 << NON << 0 << 0 << uint(EncapPppoe | EncapPpp) << 0u << 0 << 0x8864;
    const QByteArray outer = v4(192, 0, 2, 1), outer2 = v4(192, 0, 2, 2);
    QTest::newRow("gre v0 csum key seq ipv4") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0xb000, 0x0800, 3) + udpV4())
                                              << S << 17 << V4 << 5353 << 53 << uint(EncapGre) << 0u << 4 << 0x0800;
    QTest::newRow("gre v0 routing") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x4000, 0x86dd, 1) + be16(0x0800) +
                                                                                    bytes({0, 4}) + be32(1) + be32(0) + tcpV6())
                                    << S << 6 << V6 << 40000 << 443 << uint(EncapGre) << 0u << 0 << 0x0800;
    QTest::newRow("gre teb") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0, 0x6558, 0) + eth(0x0800, 5, 6) + udpV4())
                             << S << 17 << V4 << 5353 << 53 << uint(EncapGre | EncapTeb) << 0u << 4 << 0x0800;
    QTest::newRow("gre erspan2") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x1000, 0x88be, 1) + be32(0x10000001) +
                                                                                  be32(0) + eth(0x0800, 5, 6) + udpV4())
                                 << S << 17 << V4 << 5353 << 53 << uint(EncapGre | EncapErspan) << 0u << 4 << 0x0800;
    QTest::newRow("gre erspan1") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0, 0x88be, 0) + eth(0x0800, 5, 6) + udpV4())
                                 << S << 17 << V4 << 5353 << 53 << uint(EncapGre | EncapErspan) << 0u << 4 << 0x0800;
    QTest::newRow("gre erspan3 subheader") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x1000, 0x22eb, 1) + be32(0x20000001) +
                                                                                            be32(0) + be32(1) + be32(0) + be32(0) +
                                                                                            eth(0x86dd, 5, 6) + tcpV6())
                                           << S << 6 << V6 << 40000 << 443 << uint(EncapGre | EncapErspan) << 0u << 0 << 0x0800;
    QTest::newRow("gre v1 ppp") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x3081, 0x880b, 3) + bytes({0xff, 0x03}) +
                                                                                 be16(0x0021) + udpV4())
                                << S << 17 << V4 << 5353 << 53 << uint(EncapGre | EncapPpp) << 0u << 4 << 0x0800;
    QTest::newRow("gre ppp compressed proto") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x2001, 0x880b, 1) + bytes({0x21}) + udpV4())
                                              << S << 17 << V4 << 5353 << 53 << uint(EncapGre | EncapPpp) << 0u << 4 << 0x0800;
    QTest::newRow("vxlan") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(50000, 4789, be32(0x08000000) + be32(0x00000100) +
                                                                                           eth(0x0800, 5, 6) + tcpV4()))
                           << S << 6 << V4 << 1234 << 80 << uint(EncapVxlan) << 0u << 5 << 0x0800;
    QTest::newRow("geneve") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(50000, 6081, bytes({0x01, 0}) + be16(0x0800) + be32(0x100) +
                                                                                            be32(0x01020304) + udpV4()))
                            << S << 17 << V4 << 5353 << 53 << uint(EncapGeneve) << 0u << 4 << 0x0800;
    QTest::newRow("gtp-u ext header") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(2152, 2152, bytes({0x34, 0xff}) + be16(40) +
                                                                                                    be32(7) + be16(0) + bytes({0, 0x85}) +
                                                                                                    bytes({1, 0x10, 0x01, 0}) + udpV4()))
                                      << S << 17 << V4 << 5353 << 53 << uint(EncapGtp) << 0u << 4 << 0x0800;
    QTest::newRow("gtp-c is plain udp") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(2123, 2152, bytes({0x32, 0x10}) + be32(0)))
                                        << S << 17 << V4 << 2123 << 2152 << 0u << 0u << 6 << 0x0800;
    QTest::newRow("6in4 icmpv6") << 1 << eth(0x0800) + ipv4(41, outer, outer2, ipv6(58, v6(1), v6(2), icmp(128, 0)))
                                 << S << 58 << V6 << 0 << 0 << uint(EncapIpInIp) << 0u << 0 << 0x0800;
    QTest::newRow("4in6") << 1 << eth(0x86dd) + ipv6(4, v6(8), v6(9), udpV4()) << S << 17 << V4 << 5353 << 53 << uint(EncapIpInIp)
                          << 0u << 4 << 0x86dd;
    QTest::newRow("ipoipoip") << 101 << ipv4(4, outer, outer2, ipv4(4, v4(3, 3, 3, 3), v4(4, 4, 4, 4), ipv4(41, v4(5, 5, 5, 5), v4(6, 6, 6, 6), tcpV6())))
                              << S << 6 << V6 << 40000 << 443 << uint(EncapIpInIp) << 0u << 0 << 0;
    QTest::newRow("sctp") << 1 << eth(0x0800) + ipv4(132, kA, kB, be16(2905) + be16(2906) + be32(1) + be32(0) + "chunk")
                          << S << 132 << V4 << 2905 << 2906 << 0u << 0u << 5 << 0x0800;
    QTest::newRow("nsh") << 1 << eth(0x894f) + bytes({0x0f, 0xc2, 0x01, 0x01}) + be32(0x00000100) + udpV4()
                         << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0x894f;
    QTest::newRow("cisco metadata") << 1 << eth(0x8909) + bytes({1, 1}) + be32(0) + be16(0x0800) + udpV4()
                                    << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0x8909;
    QTest::newRow("erspan2 on ethernet") << 1 << eth(0x88be) + be32(0x10000001) + be32(0) + eth(0x0800, 5, 6) + udpV4()
                                         << S << 17 << V4 << 5353 << 53 << uint(EncapErspan) << 0u << 4 << 0x88be;
    QTest::newRow("vxlan-gpe ipv4") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(40000, 4790, be32(0x08000001) + be32(0x100) + udpV4()))
                                    << S << 17 << V4 << 5353 << 53 << uint(EncapVxlan) << 0u << 4 << 0x0800;
    QTest::newRow("unknown ethertype counted") << 1 << eth(0x88b5) + QByteArray(30, 'x') << N << 0 << NON << 0x88b5 << 0x88b5 << 0u << 0u << 0 << 0x88b5;
    QTest::newRow("lldp session") << 1 << eth(0x88cc) + QByteArray(30, 'x') << S << 0 << NON << 0x88cc << 0x88cc << 0u << 0u << 0 << 0x88cc;
    QTest::newRow("unknown ip proto counted") << 1 << eth(0x0800) + ipv4(51, kA, kB, QByteArray(24, 'a')) << N << 51 << V4 << 0 << 0
                                              << 0u << 0u << 0 << 0x0800;

    // FDDI (LLC frame classes 0x5x and 0xDx) and 802.2 LLC/SNAP on other links.
    QTest::newRow("fddi snap ipv4 udp") << 10 << fddi(0x51, mac(2), mac(1)) + snap(0x0800) + udpV4()
                                        << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0x0800;
    QTest::newRow("fddi sync snap ipv6") << 10 << fddi(0xd0, mac(2), mac(1)) + snap(0x86dd) + tcpV6()
                                         << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0x86dd;
    QTest::newRow("fddi snap 802.1h oui vlan") << 10 << fddi(0x50, mac(2), mac(1)) + snap(0x8100, 0xf8) + be16(9) + be16(0x0800) + udpV4()
                                               << S << 17 << V4 << 5353 << 53 << uint(EncapVlan) << 0u << 4 << 0x0800;
    QTest::newRow("fddi smt frame counted") << 10 << fddi(0x41, mac(2), mac(1)) + QByteArray(30, 's') << N << 0 << NON << 0 << 0 << 0u
                                            << 0u << 0 << 0;
    QTest::newRow("fddi plain llc counted") << 10 << fddi(0x50, mac(2), mac(1)) + bytes({0x42, 0x42, 0x03}) + QByteArray(30, 'b')
                                            << N << 0 << NON << 0 << 0 << 0u << 0u << 0 << 0;
    QTest::newRow("fddi snap cut") << 10 << fddi(0x50, mac(2), mac(1)) + snap(0x0800).left(7) << N << 0 << NON << 0 << 0 << 0u << 0u
                                   << 0 << 0;
    QTest::newRow("fddi header cut") << 10 << fddi(0x50, mac(2), mac(1)).left(12) << C << 0 << NON << 0 << 0 << 0u
                                     << uint(FlagCorruptEther) << 0 << 0;
    QTest::newRow("fddi snap ip cut") << 10 << fddi(0x50, mac(2), mac(1)) + snap(0x0800) + udpV4().left(16) << C << 0 << NON << 0 << 0
                                      << 0u << uint(FlagCorruptIp) << 0 << 0x0800;
    {
        const QByteArray llcIp = snap(0x0800) + udpV4();
        QTest::newRow("802.3 snap ipv4") << 1 << eth(int(llcIp.size())) + llcIp << S << 17 << V4 << 5353 << 53 << 0u << 0u << 4 << 0x0800;
        QTest::newRow("802.3 snap ipv4 padded") << 1 << eth(int(llcIp.size())) + llcIp + QByteArray(10, '\0') << S << 17 << V4 << 5353
                                                << 53 << 0u << 0u << 4 << 0x0800;
        QTest::newRow("vlan 802.3 snap ipv4") << 1 << eth(0x8100) + be16(5) + be16(int(llcIp.size())) + llcIp << S << 17 << V4 << 5353
                                              << 53 << uint(EncapVlan) << 0u << 4 << 0x0800;
        const QByteArray llcV6 = snap(0x86dd) + tcpV6();
        QTest::newRow("sll 802.2 snap ipv6") << 113 << be16(0) + be16(1) + be16(6) + mac(1) + be16(0) + be16(4) + llcV6
                                             << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0x86dd;
        QTest::newRow("sll2 802.2 snap ipv6") << 276 << be16(4) + be16(0) + be32(3) + be16(1) + bytes({0, 6}) + mac(1) + be16(0) + llcV6
                                              << S << 6 << V6 << 40000 << 443 << 0u << 0u << 0 << 0x86dd;
    }
    QTest::newRow("802.3 stp counted") << 1 << eth(38) + bytes({0x42, 0x42, 0x03}) + QByteArray(35, '\0') << N << 0 << NON << 38 << 38
                                       << 0u << 0u << 0 << 38;
    QTest::newRow("802.3 cisco oui counted") << 1 << eth(30) + snap(0x2000, 0x0c) + QByteArray(22, 'c') << N << 0 << NON << 30 << 30
                                             << 0u << 0u << 0 << 30;
    QTest::newRow("802.3 snap length shorter than snap") << 1 << eth(6) + snap(0x0800) + udpV4() << N << 0 << NON << 6 << 6 << 0u << 0u
                                                         << 0 << 6;

    // Truncated and corrupt variants.
    QTest::newRow("short ethernet") << 1 << QByteArray(10, 'x') << C << 0 << NON << 0 << 0 << 0u << uint(FlagCorruptEther) << 0 << 0;
    QTest::newRow("802.3 length beyond frame") << 1 << eth(0x00fe) + QByteArray(20, 'x') << C << 0 << NON << 0x00fe << 0x00fe << 0u
                                               << uint(FlagCorruptEther) << 0 << 0x00fe;
    QTest::newRow("ipv4 header cut") << 1 << eth(0x0800) + tcpV4().left(12) << C << 0 << NON << 0 << 0 << 0u << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("ipv4 bad ihl") << 1 << eth(0x0800) + bytes({0x44}) + tcpV4().mid(1) << C << 0 << NON << 0 << 0 << 0u << uint(FlagCorruptIp)
                                  << 0 << 0x0800;
    QTest::newRow("ipv4 total length below header") << 101 << bytes({0x45, 0}) + be16(10) + tcpV4().mid(4) << C << 0 << NON << 0 << 0 << 0u
                                                    << uint(FlagCorruptIp) << 0 << 0;
    QTest::newRow("bad ip version") << 101 << bytes({0x55}) + udpV4().mid(1) << C << 0 << NON << 0 << 0 << 0u << uint(FlagCorruptIp) << 0 << 0;
    QTest::newRow("tcp header cut") << 1 << eth(0x0800) + ipv4(6, kA, kB, tcp(1, 2, 0, 0, 2).left(10)) << C << 6 << V4 << 0 << 0 << 0u
                                    << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("tcp data offset too big") << 1 << eth(0x0800) + ipv4(6, kA, kB, tcp(1, 2, 0, 0, 2, {}, 0xf0)) << C << 6 << V4 << 0
                                             << 0 << 0u << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("udp length 0") << 1 << eth(0x0800) + ipv4(17, kA, kB, be16(1) + be16(2) + be16(0) + be16(0) + "data") << C << 17 << V4
                                  << 0 << 0 << 0u << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("gre inner cdp") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0x1000, 0x88be, 1) + be32(0x10000001) +
                                                                                    be32(0) + eth(0x0028, 5, 6) + QByteArray(40, 'c'))
                                   << C << 47 << V4 << 0 << 0 << uint(EncapGre | EncapErspan) << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("gre header cut") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0xb000, 0x0800, 0)) << C << 47 << V4 << 0 << 0
                                    << uint(EncapGre) << uint(FlagCorruptIp) << 0 << 0x0800;
    QTest::newRow("4in6 garbage inner") << 1 << eth(0x86dd) + ipv6(4, v6(8), v6(9), QByteArray(24, '\xff')) << C << 4 << V6 << 0 << 0
                                        << uint(EncapIpInIp) << uint(FlagCorruptIp) << 0 << 0x86dd;
    QTest::newRow("ipv6 ext header overrun") << 1 << eth(0x86dd) + ipv6(0, v6(1), v6(2), bytes({17, 9, 0, 0, 0, 0, 0, 0})) << C << 0 << V6
                                             << 0 << 0 << 0u << uint(FlagCorruptIp) << 0 << 0x86dd;
    QTest::newRow("vlan cut") << 1 << eth(0x8100) + be16(5) << C << 0 << NON << 0 << 0 << 0u << uint(FlagCorruptEther) << 0 << 0;
    QTest::newRow("mpls without bottom") << 1 << eth(0x8847) + be32(0x00010040) << C << 0 << NON << 0 << 0 << uint(EncapMpls)
                                         << uint(FlagCorruptEther) << 0 << 0x8847;
    QTest::newRow("arp short") << 1 << eth(0x0806) + QByteArray(10, '\0') << C << 0 << NON << 0x0806 << 0x0806 << 0u << uint(FlagCorruptEther)
                               << 0 << 0x0806;
}

void TstPacketDecoder::decodes()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(PacketKind, kind);
    QFETCH(int, proto);
    QFETCH(int, family);
    QFETCH(int, sport);
    QFETCH(int, dport);
    QFETCH(uint, encaps);
    QFETCH(uint, flags);
    QFETCH(int, payloadLen);
    QFETCH(int, etherType);

    const Decoded d = decodeOne(linkType, frame);
    const PacketInfo &i = d.info;
    QCOMPARE(int(i.kind), int(kind));
    QCOMPARE(uint(i.flags), flags);
    QCOMPARE(uint(i.encaps), encaps);
    QCOMPARE(int(i.etherType), etherType);
    if (i.keyValid) {
        QCOMPARE(int(i.key.ipProtocol), proto);
        QCOMPARE(int(i.key.family), family);
        QCOMPARE(int(srcPort(i)), sport);
        QCOMPARE(int(dstPort(i)), dport);
        QCOMPARE(i.hash, i.key.hash());
    } else {
        QVERIFY2(kind != PacketKind::Session, "sessions always have a key");
        QCOMPARE(family, 0);
    }
    if (kind == PacketKind::Session && proto != 0) {
        QCOMPARE(int(i.payloadLen), payloadLen);
        QVERIFY(i.payloadOffset + i.payloadLen <= d.bytes.len);
        QCOMPARE(d.bytes.data, reinterpret_cast<const uint8_t *>(frame.constData()));
    }
}

void TstPacketDecoder::arpRequestAndReplyShareKey()
{
    const QByteArray hdr = be16(1) + be16(0x0800) + bytes({6, 4});
    const QByteArray request = eth(0x0806, 0xff, 1) + hdr + be16(1) + mac(1) + v4(10, 10, 10, 2) + mac(0) + v4(10, 10, 10, 1);
    const QByteArray reply = eth(0x0806, 1, 2) + hdr + be16(2) + mac(2) + v4(10, 10, 10, 1) + mac(1) + v4(10, 10, 10, 2);
    const QByteArray other = eth(0x0806, 0xff, 2) + hdr + be16(1) + mac(2) + v4(10, 10, 10, 1) + mac(0) + v4(10, 10, 10, 2);
    const Decoded a = decodeOne(1, request), b = decodeOne(1, reply), c = decodeOne(1, other);
    QCOMPARE(a.info.kind, PacketKind::Session);
    QCOMPARE(a.info.key.family, AddressFamily::NonIp);
    QCOMPARE(a.info.key, b.info.key);
    QVERIFY(a.info.srcIsA && b.info.srcIsA);   // Arkime counts every ARP packet as "source"
    QVERIFY(!(a.info.key == c.info.key));      // resolving 10.10.10.2 is another session
    QCOMPARE(int(a.info.etherType), 0x0806);
}

void TstPacketDecoder::lumpedProtocolsShareKey()
{
    for (int proto : {2, 89, 103}) {
        const Decoded a = decodeOne(1, eth(0x0800) + ipv4(proto, kA, v4(224, 0, 0, 22), QByteArray(8, 'i')));
        const Decoded b = decodeOne(1, eth(0x0800) + ipv4(proto, v4(10, 9, 9, 9), v4(224, 0, 0, 1), QByteArray(8, 'i')));
        QCOMPARE(a.info.kind, PacketKind::Session);
        QCOMPARE(a.info.key, b.info.key);
        QCOMPARE(int(a.info.key.ipProtocol), proto);
    }
}

void TstPacketDecoder::espBothDirectionsShareKey()
{
    const Decoded a = decodeOne(1, eth(0x0800) + ipv4(50, kA, kB, be32(0x1111) + be32(1) + "enc"));
    const Decoded b = decodeOne(1, eth(0x0800) + ipv4(50, kB, kA, be32(0x2222) + be32(1) + "enc"));
    QCOMPARE(a.info.kind, PacketKind::Session);
    QCOMPARE(a.info.key, b.info.key);
    QCOMPARE(int(a.info.key.portA), 0);
    QVERIFY(a.info.srcIsA != b.info.srcIsA);
}

void TstPacketDecoder::keyIsDirectionIndependent()
{
    const Decoded a = decodeOne(1, eth(0x0800) + ipv4(6, kA, kB, tcp(1234, 80, 1, 0, 2)));
    const Decoded b = decodeOne(1, eth(0x0800, 1, 2) + ipv4(6, kB, kA, tcp(80, 1234, 1, 2, 0x12)));
    QCOMPARE(a.info.key, b.info.key);
    QCOMPARE(a.info.hash, b.info.hash);
    QVERIFY(a.info.srcIsA != b.info.srcIsA);
}

void TstPacketDecoder::vlanInSessionKey()
{
    const QByteArray f100 = eth(0x8100) + be16(100) + be16(0x8100) + be16(7) + be16(0x0800) + udpV4();
    const QByteArray f200 = eth(0x8100) + be16(200) + be16(0x0800) + udpV4();
    DecoderConfig byVlan;
    byVlan.vlanInSessionKey = true;
    const Decoded a = decodeOne(1, f100, 0, byVlan), b = decodeOne(1, f200, 0, byVlan);
    QCOMPARE(int(a.info.key.vlan), 100);
    QCOMPARE(int(a.info.vlanCount), 2);
    QCOMPARE(int(a.info.vlans[0]), 100);
    QCOMPARE(int(a.info.vlans[1]), 7);
    QVERIFY(!(a.info.key == b.info.key));
    const Decoded c = decodeOne(1, f100), e = decodeOne(1, f200);
    QCOMPARE(c.info.key, e.info.key);
}

void TstPacketDecoder::macsAndOuterAddresses()
{
    const QByteArray f = eth(0x0800, 0x22, 0x11) +
                         ipv4(47, v4(1, 1, 1, 1), v4(2, 2, 2, 2), greHeader(0, 0x6558, 0) + eth(0x0800, 0x44, 0x33) + udpV4());
    const PacketInfo i = decodeOne(1, f).info;
    QVERIFY(i.hasMac);
    QCOMPARE(int(i.srcMac[5]), 0x33);   // innermost Ethernet header
    QCOMPARE(int(i.dstMac[5]), 0x44);
    QCOMPARE(i.outerFamily, AddressFamily::V4);
    QCOMPARE(int(i.outerSrc[0]), 1);
    QCOMPARE(int(i.outerDst[0]), 2);
    QCOMPARE(int(i.l3Offset), 14 + 20 + 4 + 14);
    QCOMPARE(int(i.l4Offset), i.l3Offset + 20);
    QCOMPARE(int(i.payloadOffset), i.l4Offset + 8);
    QCOMPARE(int(i.ttl), 64);
}

void TstPacketDecoder::tcpFields()
{
    const PacketInfo i = decodeOne(1, eth(0x0800) + ipv4(6, kA, kB, tcp(1, 2, 0xdeadbeef, 0x01020304, 0xc2, "xyz", 1))).info;
    QCOMPARE(i.tcpSeq, 0xdeadbeefu);
    QCOMPARE(i.tcpAck, 0x01020304u);
    QCOMPARE(int(i.tcpFlags), TcpSyn | TcpEce | TcpCwr | TcpAe);
    QCOMPARE(int(i.tcpWindow), 1024);
    QCOMPARE(int(i.payloadLen), 3);
}

// Frame 1 of Wireshark's nfs.pcap: its MACs as stored, and as Wireshark shows them.
void TstPacketDecoder::fddiMacsAreCanonical()
{
    const QByteArray dst = bytes({0x10, 0x00, 0xd4, 0xcd, 0x59, 0x6f}), src = bytes({0x00, 0x07, 0x4a, 0x01, 0x6e, 0x00});
    const PacketInfo i = decodeOne(10, fddi(0x51, dst, src) + snap(0x0800) + udpV4()).info;
    QVERIFY(i.hasMac);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(i.dstMac.data()), 6), bytes({0x08, 0x00, 0x2b, 0xb3, 0x9a, 0xf6}));
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(i.srcMac.data()), 6), bytes({0x00, 0xe0, 0x52, 0x80, 0x76, 0x00}));
}

namespace {
QByteArray pad16(const QByteArray &addr) { return addr + QByteArray(16 - addr.size(), '\0'); }

// A BOOTREQUEST with the client MAC 02:00:00:00:00:09 and the magic cookie.
QByteArray dhcpRequest()
{
    QByteArray b = bytes({1, 1, 6, 0}) + be32(0x1234) + QByteArray(20, '\0') + mac(9) + QByteArray(10 + 64 + 128, '\0');
    return b + bytes({0x63, 0x82, 0x53, 0x63}) + bytes({53, 1, 3, 0xff}) + QByteArray(16, '\0');
}
} // namespace

void TstPacketDecoder::packetEndpoints_data()
{
    QTest::addColumn<int>("linkType");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("family");
    QTest::addColumn<QByteArray>("src");
    QTest::addColumn<QByteArray>("dst");
    QTest::addColumn<int>("sport");
    QTest::addColumn<int>("dport");

    const QByteArray outer = v4(192, 0, 2, 1), outer2 = v4(192, 0, 2, 2), none(16, '\0');
    QTest::newRow("tcp v4") << 1 << eth(0x0800) + tcpV4() << 4 << pad16(kA) << pad16(kB) << 1234 << 80;
    QTest::newRow("tcp v6") << 1 << eth(0x86dd) + tcpV6() << 6 << v6(1) << v6(2) << 40000 << 443;
    QTest::newRow("udp reply direction") << 1 << eth(0x0800) + ipv4(17, kB, kA, udp(53, 5353, "r")) << 4 << pad16(kB) << pad16(kA) << 53
                                         << 5353;
    QTest::newRow("sctp") << 101 << ipv4(132, kA, kB, be16(2905) + be16(2906) + be32(1) + be32(0)) << 4 << pad16(kA) << pad16(kB)
                          << 2905 << 2906;
    QTest::newRow("dhcp keyed on mac") << 1 << eth(0x0800) + ipv4(17, v4(0, 0, 0, 0), v4(255, 255, 255, 255), udp(68, 67, dhcpRequest()))
                                       << 4 << none << pad16(v4(255, 255, 255, 255)) << 68 << 67;
    QTest::newRow("igmp lumped") << 1 << eth(0x0800) + ipv4(2, kA, v4(224, 0, 0, 22), QByteArray(8, 'i')) << 4 << pad16(kA)
                                 << pad16(v4(224, 0, 0, 22)) << 0 << 0;
    QTest::newRow("icmp no ports") << 1 << eth(0x0800) + ipv4(1, kA, kB, icmp(8, 0)) << 4 << pad16(kA) << pad16(kB) << 0 << 0;
    QTest::newRow("6in4 inner") << 1 << eth(0x0800) + ipv4(41, outer, outer2, ipv6(58, v6(1), v6(2), icmp(128, 0))) << 6 << v6(1)
                                << v6(2) << 0 << 0;
    QTest::newRow("4in6 clears v6 tail") << 1 << eth(0x86dd) + ipv6(4, v6(8), v6(9), udpV4()) << 4 << pad16(kA) << pad16(kB) << 5353
                                         << 53;
    QTest::newRow("vxlan inner") << 1 << eth(0x0800) + ipv4(17, outer, outer2, udp(50000, 4789, be32(0x08000000) + be32(0x100) +
                                                                                             eth(0x0800, 5, 6) + tcpV4()))
                                 << 4 << pad16(kA) << pad16(kB) << 1234 << 80;
    QTest::newRow("tunnel with corrupt inner keeps outer") << 1 << eth(0x0800) + ipv4(47, outer, outer2, greHeader(0, 0x0800, 0) + bytes({0x45}))
                                                           << 4 << pad16(outer) << pad16(outer2) << 0 << 0;
    QTest::newRow("arp has none") << 1 << eth(0x0806) + be16(1) + be16(0x0800) + bytes({6, 4}) + be16(1) + mac(1) + kA + mac(0) + kB
                                  << 0 << none << none << 0 << 0;
    QTest::newRow("fddi nfs") << 10 << fddi(0x51, mac(2), mac(1)) + snap(0x0800) + ipv4(17, kA, kB, udp(1023, 2049, "rpc")) << 4
                              << pad16(kA) << pad16(kB) << 1023 << 2049;
}

// The packet's own IP endpoints, whatever the session key holds.
void TstPacketDecoder::packetEndpoints()
{
    QFETCH(int, linkType);
    QFETCH(QByteArray, frame);
    QFETCH(int, family);
    QFETCH(QByteArray, src);
    QFETCH(QByteArray, dst);
    QFETCH(int, sport);
    QFETCH(int, dport);

    const PacketInfo i = decodeOne(linkType, frame).info;
    QCOMPARE(int(i.ipFamily), family);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(i.srcIp.data()), 16), src);
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(i.dstIp.data()), 16), dst);
    QCOMPARE(int(i.srcPort), sport);
    QCOMPARE(int(i.dstPort), dport);
}

void TstPacketDecoder::truncatedCaptureFlag()
{
    const QByteArray f = eth(0x0800) + tcpV4("0123456789");
    PacketDecoder d(1, {});
    PacketInfo i;
    i.wireLen = uint32_t(f.size());
    d.decode(reinterpret_cast<const uint8_t *>(f.constData()), uint32_t(f.size()) - 4, i);
    QCOMPARE(i.kind, PacketKind::Session);
    QVERIFY(i.flags & FlagTruncated);
    QCOMPARE(int(i.payloadLen), 6);   // bounded by what was captured
    QCOMPARE(d.stats().truncatedPackets, uint64_t(1));
    i = PacketInfo{};
    i.wireLen = uint32_t(f.size());
    d.decode(reinterpret_cast<const uint8_t *>(f.constData()), uint32_t(f.size()), i);
    QVERIFY(!(i.flags & FlagTruncated));
}

void TstPacketDecoder::unsupportedLinkType()
{
    QVERIFY(!PacketDecoder::supportsLinkType(105));   // 802.11
    for (int dlt : {0, 1, 10, 12, 14, 101, 108, 113, 228, 229, 239, 276})
        QVERIFY(PacketDecoder::supportsLinkType(dlt));
    QCOMPARE(decodeOne(105, udpV4()).info.kind, PacketKind::Counted);
}

// Every prefix of every valid row must decode without reading past the end (ASan watches).
void TstPacketDecoder::everyTruncationIsSafe()
{
    const QByteArray frames[] = {
        eth(0x0800) + ipv4(47, kA, kB, greHeader(0x4000, 0x86dd, 1) + be16(0x0800) + bytes({0, 4}) + be32(1) + be32(0) + tcpV6()),
        eth(0x0800) + ipv4(17, kA, kB, udp(2152, 2152, bytes({0x34, 0xff}) + be16(40) + be32(7) + be16(0) + bytes({0, 0x85}) +
                                                        bytes({1, 0x10, 0x01, 0}) + udpV4())),
        eth(0x8100) + be16(5) + be16(0x8864) + bytes({0x11, 0}) + be16(1) + be16(62) + be16(0x0057) + tcpV6(),
        bytes({2, 0, 0, 0}) + le16(8) + le16(1) + be32(0) + le16(4 + 32) + le16(9) + udpV4(),
        fddi(0x51, mac(2), mac(1)) + snap(0x8100) + be16(9) + be16(0x0800) + udpV4(),
        eth(8 + 60) + snap(0x86dd) + tcpV6(),
    };
    const int links[] = {1, 1, 1, 239, 10, 1};
    for (size_t f = 0; f < std::size(frames); ++f) {
        PacketDecoder d(links[f], {});
        for (int len = 0; len <= frames[f].size(); ++len) {
            QByteArray cut = frames[f].left(len);   // its own buffer so ASan sees the end
            PacketInfo i;
            i.wireLen = uint32_t(frames[f].size());
            const DecodedBytes b = d.decode(reinterpret_cast<const uint8_t *>(cut.constData()), uint32_t(len), i);
            if (i.kind == PacketKind::Session)
                QVERIFY(i.payloadOffset + i.payloadLen <= b.len);
        }
    }
}

void TstPacketDecoder::randomBytesAreSafe()
{
    QRandomGenerator rng(12345);
    const int links[] = {0, 1, 10, 12, 101, 108, 113, 228, 229, 239, 276};
    for (int dlt : links) {
        PacketDecoder d(dlt, {});
        for (int n = 0; n < 3000; ++n) {
            const int len = int(rng.bounded(200));
            std::vector<uint8_t> buf(static_cast<size_t>(len));
            for (auto &b : buf)
                b = uint8_t(rng.bounded(256));
            // Bias towards plausible headers so the walk gets deep.
            if (len > 20 && dlt == 1) {
                const uint16_t types[] = {0x0800, 0x86dd, 0x8100, 0x8847, 0x8864, 0x88be, 0x894f, 0x0806, 0x0040};
                const uint16_t t = types[rng.bounded(9)];
                buf[12] = uint8_t(t >> 8);
                buf[13] = uint8_t(t);
                buf[14] = t == 0x86dd ? 0x60 : 0x45;
                if (t == 0x0040)
                    std::memcpy(buf.data() + 14, "\xaa\xaa\x03\0\0\0", 6);   // 802.3 LLC/SNAP
            }
            if (len > 30 && dlt == 10) {
                buf[0] = 0x50;
                std::memcpy(buf.data() + 13, "\xaa\xaa\x03\0\0\0\x08\x00\x45", 9);
            }
            PacketInfo i;
            i.tsUsec = n;
            i.wireLen = uint32_t(len);
            const DecodedBytes b = d.decode(buf.data(), uint32_t(len), i);
            if (i.kind == PacketKind::Session)
                QVERIFY(i.payloadOffset + i.payloadLen <= b.len);
        }
        QCOMPARE(d.stats().packets, uint64_t(3000));
    }
}

QTEST_GUILESS_MAIN(TstPacketDecoder)
#include "tst_packet_decoder.moc"

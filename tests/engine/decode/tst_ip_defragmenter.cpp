// IpDefragmenter tests, through PacketDecoder (frames built by hand and the shared
// ip-fragments-synthetic.pcap): order, overlap, conflicts, timeout and memory bounds.
#include <QFile>
#include <QTest>

#include <pcap/pcap.h>

#include "decode/packet_decoder.h"
#include "frame_builder.h"

using namespace luacap::engine;
using namespace frames;

namespace {

const QByteArray kA = v4(192, 0, 2, 10), kB = v4(198, 51, 100, 25);

QByteArray pattern(int n)
{
    QByteArray b(n, '\0');
    for (int i = 0; i < n; ++i)
        b[i] = char(i * 7 + 3);
    return b;
}

// IPv4 fragment of datagram `whole` (a UDP header + data) covering [off, off+len).
QByteArray frag4(const QByteArray &whole, int off, int len, bool more, int id = 0x1234)
{
    const int field = (more ? 0x2000 : 0) | (off / 8);
    return eth(0x0800) + ipv4(17, kA, kB, whole.mid(off, len), field, id);
}

struct Feed {
    PacketDecoder decoder;
    explicit Feed(DecoderConfig c = {}) : decoder(1, c) {}
    PacketInfo info;
    DecodedBytes bytes;
    PacketKind push(const QByteArray &frame, int64_t ts = 0)
    {
        info = PacketInfo{};
        info.tsUsec = ts;
        info.wireLen = uint32_t(frame.size());
        bytes = decoder.decode(reinterpret_cast<const uint8_t *>(frame.constData()), uint32_t(frame.size()), info);
        return info.kind;
    }
};

} // namespace

class TstIpDefragmenter : public QObject {
    Q_OBJECT
private slots:
    void orders_data();
    void orders();
    void overlapSameBytesIsAccepted();
    void conflictingOverlapIsDropped();
    void lengthContradictionIsDropped();
    void timeoutDropsHeldFragments();
    void datagramBoundEvictsOldest();
    void byteBoundDropsFragment();
    void ipv6FragmentsReassemble();
    void sharedSyntheticCapture();
};

void TstIpDefragmenter::orders_data()
{
    QTest::addColumn<QList<int>>("order");
    QTest::newRow("in order") << QList<int>{0, 1, 2};
    QTest::newRow("reversed") << QList<int>{2, 1, 0};
    QTest::newRow("last first") << QList<int>{2, 0, 1};
    QTest::newRow("duplicate middle") << QList<int>{0, 1, 1, 2};
}

void TstIpDefragmenter::orders()
{
    QFETCH(QList<int>, order);
    const QByteArray whole = udp(4000, 9999, pattern(2000));
    const QByteArray parts[] = {frag4(whole, 0, 800, true), frag4(whole, 800, 800, true),
                                frag4(whole, 1600, int(whole.size()) - 1600, false)};
    Feed f;
    uint32_t wire = 0;
    for (int k = 0; k < order.size(); ++k) {
        const QByteArray &p = parts[order[k]];
        const PacketKind kind = f.push(p, k);
        const bool last = k == order.size() - 1;
        wire += uint32_t(p.size());
        QCOMPARE(int(kind), int(last ? PacketKind::Session : PacketKind::Fragment));
    }
    const PacketInfo &i = f.info;
    QVERIFY(i.flags & FlagReassembled);
    QCOMPARE(int(i.frameCount), order.size());
    QCOMPARE(i.wireLen, wire);
    QCOMPARE(int(i.payloadLen), 2000);
    QCOMPARE(int(i.key.ipProtocol), 17);
    const QByteArray got(reinterpret_cast<const char *>(f.bytes.data) + i.payloadOffset, i.payloadLen);
    QCOMPARE(got, pattern(2000));
    QCOMPARE(f.decoder.stats().fragmentsReassembled, uint64_t(1));
}

void TstIpDefragmenter::overlapSameBytesIsAccepted()
{
    const QByteArray whole = udp(1, 2, pattern(1000));
    Feed f;
    QCOMPARE(f.push(frag4(whole, 0, 512, true)), PacketKind::Fragment);
    QCOMPARE(f.push(frag4(whole, 256, 512, true)), PacketKind::Fragment);
    QCOMPARE(f.push(frag4(whole, 768, int(whole.size()) - 768, false)), PacketKind::Session);
    QCOMPARE(int(f.info.payloadLen), 1000);
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(0));
}

void TstIpDefragmenter::conflictingOverlapIsDropped()
{
    const QByteArray whole = udp(1, 2, pattern(1000));
    QByteArray evil = whole;
    evil[300] = char(evil[300] ^ 0xff);
    Feed f;
    f.push(frag4(whole, 0, 512, true));
    QCOMPARE(f.push(frag4(evil, 256, 512, true)), PacketKind::Fragment);
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(1));
    f.push(frag4(whole, 512, 256, true));
    QCOMPARE(f.push(frag4(whole, 768, int(whole.size()) - 768, false)), PacketKind::Session);
    const QByteArray got(reinterpret_cast<const char *>(f.bytes.data) + f.info.payloadOffset, f.info.payloadLen);
    QCOMPARE(got, pattern(1000));   // the first copy won
}

void TstIpDefragmenter::lengthContradictionIsDropped()
{
    const QByteArray whole = udp(1, 2, pattern(1000));
    Feed f;
    f.push(frag4(whole, 504, int(whole.size()) - 504, false));
    QCOMPARE(f.push(frag4(whole, 496, 16, false)), PacketKind::Fragment);   // ends elsewhere
    QCOMPARE(f.push(frag4(whole, 0, 500, true)), PacketKind::Fragment);     // not a multiple of 8
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(2));
}

void TstIpDefragmenter::timeoutDropsHeldFragments()
{
    DecoderConfig c;
    c.fragmentTimeoutUsec = 1000;
    const QByteArray whole = udp(1, 2, pattern(1000));
    Feed f(c);
    f.push(frag4(whole, 0, 512, true), 0);
    f.decoder.expireFragments(5000);
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(1));
    QCOMPARE(f.push(frag4(whole, 512, int(whole.size()) - 512, false), 5001), PacketKind::Fragment);
    // A late fragment arriving after the timeout also expires what is held.
    QCOMPARE(f.push(frag4(whole, 0, 512, true), 9000), PacketKind::Fragment);
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(2));
}

void TstIpDefragmenter::datagramBoundEvictsOldest()
{
    DecoderConfig c;
    c.maxFragmentDatagrams = 2;
    const QByteArray whole = udp(1, 2, pattern(100));
    Feed f(c);
    for (int id = 1; id <= 3; ++id)
        f.push(frag4(whole, 0, 64, true, id), id);
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(1));
    QCOMPARE(f.push(frag4(whole, 64, int(whole.size()) - 64, false, 1)), PacketKind::Fragment);   // id 1 is gone
    QCOMPARE(f.push(frag4(whole, 64, int(whole.size()) - 64, false, 3)), PacketKind::Session);
}

void TstIpDefragmenter::byteBoundDropsFragment()
{
    DecoderConfig c;
    c.maxFragmentBytes = 1000;
    const QByteArray whole = udp(1, 2, pattern(3000));
    Feed f(c);
    f.push(frag4(whole, 0, 800, true, 1));
    f.push(frag4(whole, 0, 800, true, 2));   // evicts datagram 1 to stay under the bound
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(1));
    QCOMPARE(f.push(frag4(whole, 800, 800, true, 2)), PacketKind::Fragment);   // over the bound itself
    QCOMPARE(f.decoder.stats().fragmentsDropped, uint64_t(2));
}

void TstIpDefragmenter::ipv6FragmentsReassemble()
{
    const QByteArray whole = udp(7, 9, pattern(1500));
    auto frag6 = [&](int off, int len, bool more) {
        const QByteArray fh = bytes({17, 0}) + be16(off | (more ? 1 : 0)) + be32(0xabcd);
        return eth(0x86dd) + ipv6(44, v6(1), v6(2), fh + whole.mid(off, len));
    };
    Feed f;
    QCOMPARE(f.push(frag6(800, int(whole.size()) - 800, false)), PacketKind::Fragment);
    QCOMPARE(f.push(frag6(0, 800, true)), PacketKind::Session);
    QCOMPARE(int(f.info.key.family), int(AddressFamily::V6));
    QCOMPARE(int(f.info.payloadLen), 1500);
    QCOMPARE(int(f.info.frameCount), 2);
}

void TstIpDefragmenter::sharedSyntheticCapture()
{
    const QString path = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/generated/ip-fragments-synthetic.pcap");
    if (!QFile::exists(path))
        QSKIP("ip-fragments-synthetic.pcap not found");
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(QFile::encodeName(path).constData(), err);
    QVERIFY2(p, err);
    PacketDecoder d(pcap_datalink(p), {});
    pcap_pkthdr *hdr = nullptr;
    const u_char *data = nullptr;
    QList<int> kinds, payloads, frameCounts, protos;
    while (pcap_next_ex(p, &hdr, &data) == 1) {
        PacketInfo i;
        i.tsUsec = int64_t(hdr->ts.tv_sec) * 1000000 + hdr->ts.tv_usec;
        i.wireLen = hdr->len;
        d.decode(data, hdr->caplen, i);
        kinds << int(i.kind);
        if (i.kind == PacketKind::Session) {
            payloads << i.payloadLen;
            frameCounts << i.frameCount;
            protos << i.key.ipProtocol;
        }
    }
    pcap_close(p);
    const int F = int(PacketKind::Fragment), S = int(PacketKind::Session);
    QCOMPARE(kinds, (QList<int>{F, F, S, F, F, S, F, F, S}));
    QCOMPARE(payloads, (QList<int>{4000, 3000, 3000}));
    QCOMPARE(frameCounts, (QList<int>{3, 3, 3}));
    QCOMPARE(protos, (QList<int>{17, 1, 17}));
    QCOMPARE(d.stats().fragmentsReassembled, uint64_t(3));
    QCOMPARE(d.stats().fragmentsDropped, uint64_t(0));
}

QTEST_GUILESS_MAIN(TstIpDefragmenter)
#include "tst_ip_defragmenter.moc"

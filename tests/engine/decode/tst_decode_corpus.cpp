// Decodes every packet of the shared captures (arkime/, wireshark/, generated/) and checks that
// the decoder never crashes and forms as many distinct session keys as Arkime made sessions.
// Needs LUACAP_SHARED_DIR; skips when the captures are absent.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <set>

#include "capture/pcap_file_source.h"
#include "decode/packet_decoder.h"

using namespace luacap::engine;

namespace {

struct CaptureResult {
    bool opened = false;
    int linkType = -1;
    QString problem;    // first bad packet, empty when all were fine
    QString readError;  // libpcap's complaint when it stopped before the end of the file
    int packets = 0;
    std::set<SessionKey> keys;
    DecodeStats stats;
};

// The settings Arkime's .test files were made with (config.test.ini).
DecoderConfig arkimeTestConfig()
{
    DecoderConfig c;
    // sessionIdTracking=vlan is set there, yet mongo.test merges VLAN 300 and 50 into one
    // session, so the .test files behave as if VLANs were not in the key.
    c.vlanInSessionKey = false;
    c.saveUnknownEther = true;
    c.saveUnknownIp = true;
    return c;
}

void checkPacket(const QString &path, const PacketInfo &info, const DecodedBytes &bytes, CaptureResult &r)
{
    if (info.kind != PacketKind::Fragment && info.keyValid &&
        (info.kind == PacketKind::Session || info.kind == PacketKind::Corrupt))
        r.keys.insert(info.key);
    const bool badSpan = info.kind == PacketKind::Session &&
                         (!bytes.data || info.payloadOffset + info.payloadLen > bytes.len ||
                          info.hash != info.key.hash());
    if (badSpan && r.problem.isEmpty())
        r.problem = QStringLiteral("%1: packet %2 has a bad span or hash").arg(path).arg(r.packets);
}

// Reads through the engine's own file source, so gzip-compressed captures are covered too.
CaptureResult decodeCapture(const QString &path)
{
    CaptureResult r;
    PcapFileSource source;
    if (!source.open(QFile::encodeName(path).toStdString()))
        return r;
    r.opened = true;
    r.linkType = source.linkType();
    PacketDecoder decoder(source.linkType(), arkimeTestConfig());
    RawPacket raw;
    PcapFileSource::Status status;
    while ((status = source.next(raw)) == PcapFileSource::Status::Packet) {
        PacketInfo info;
        info.tsUsec = raw.tsUsec;
        info.wireLen = raw.wireLen;
        info.filePos = raw.filePos;
        const DecodedBytes bytes = decoder.decode(raw.data, raw.capLen, info);
        ++r.packets;
        if (qEnvironmentVariableIsSet("LUACAP_DECODE_DUMP"))
            qInfo("pos %llu kind %d valid %d hash %llx flags %x", (unsigned long long)raw.filePos, int(info.kind),
                  int(info.keyValid), (unsigned long long)info.hash, info.flags);
        checkPacket(path, info, bytes, r);
    }
    if (status != PcapFileSource::Status::End)
        r.readError = QString::fromStdString(source.error());
    r.stats = decoder.stats();
    return r;
}

// 11 interfaces of three link types: libpcap 1.10 opens it with the first interface's link
// type, then its first read fails on the first interface of another type, before any packet;
// PcapFileSource then reads it with its own pcapng reader.
constexpr const char *kMixedLinkTypes = "many_interfaces.pcapng.1";

QString sharedDir()
{
    return QStringLiteral(LUACAP_SHARED_DIR "/pcaps");
}

} // namespace

class TstDecodeCorpus : public QObject {
    Q_OBJECT
private slots:
    void arkimeSessionCounts_data();
    void arkimeSessionCounts();
    void everyCaptureDecodes();
    void fddiCaptureFormsOneSession();
    void mixedLinkTypesReadThroughFallback();
};

void TstDecodeCorpus::arkimeSessionCounts_data()
{
    QTest::addColumn<QString>("name");
    const QDir dir(sharedDir() + "/arkime");
    if (!dir.exists())
        return;
    for (const QString &f : dir.entryList({"*.pcap"}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f)) << f.chopped(5);
}

// Arkime session counts that the decoder alone cannot reproduce, with the reason.
static const char *knownDifference(const QString &name)
{
    if (name == QLatin1String("arkime_synthetic"))
        return "two DHCPv6 relay sessions 13 hours apart share Arkime's 3-byte id key and are "
               "split by dhcpTimeout, which is the session table's job";
    return nullptr;
}

void TstDecodeCorpus::arkimeSessionCounts()
{
    QFETCH(QString, name);
    const QString base = sharedDir() + "/arkime/" + name;
    QFile test(base + ".test");
    if (!test.open(QIODevice::ReadOnly))
        QSKIP("Arkime .test file not found");
    const QJsonArray sessions = QJsonDocument::fromJson(test.readAll()).object().value("sessions3").toArray();
    // Sessions without packets are TCP sessions Arkime split after close (a session-table
    // matter, not the decoder's): arkime_synthetic.test has 24 of them.
    int withPackets = 0;
    for (const QJsonValue &s : sessions)
        withPackets += s.toObject().value("body").toObject().value("packetPos").toArray().isEmpty() ? 0 : 1;
    const CaptureResult r = decodeCapture(base + ".pcap");
    QVERIFY(r.opened);
    QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
    if (const char *why = knownDifference(name))
        QEXPECT_FAIL("", why, Continue);
    QCOMPARE(int(r.keys.size()), withPackets);
}

void TstDecodeCorpus::everyCaptureDecodes()
{
    int files = 0;
    for (const char *sub : {"arkime", "wireshark", "generated"}) {
        const QDir dir(sharedDir() + "/" + QLatin1String(sub));
        for (const QString &f : dir.entryList(QDir::Files, QDir::Name)) {
            if (f.endsWith(".md") || f.endsWith(".test"))
                continue;
            const CaptureResult r = decodeCapture(dir.filePath(f));
            QVERIFY2(r.opened, qPrintable(f));
            ++files;
            QVERIFY2(PacketDecoder::supportsLinkType(r.linkType), qPrintable(f));
            QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
            if (f != QLatin1String(kMixedLinkTypes))
                QVERIFY2(r.readError.isEmpty(), qPrintable(f + ": " + r.readError));
            QCOMPARE(r.stats.packets, uint64_t(r.packets));
        }
    }
    if (files == 0)
        QSKIP("no shared captures found");
    QVERIFY(files >= 40);
}

// nfs.pcap is DLT_FDDI (Wireshark: fddi-swapped): an NFS call and its reply over UDP,
// LLC/SNAP-encapsulated, one session.
void TstDecodeCorpus::fddiCaptureFormsOneSession()
{
    const QString path = sharedDir() + "/wireshark/nfs.pcap";
    if (!QFile::exists(path))
        QSKIP("nfs.pcap not found");
    const CaptureResult r = decodeCapture(path);
    QCOMPARE(r.linkType, 10);
    QCOMPARE(r.packets, 2);
    QCOMPARE(r.stats.sessionPackets, uint64_t(2));
    QCOMPARE(int(r.keys.size()), 1);
    const SessionKey &key = *r.keys.begin();
    QCOMPARE(key.family, AddressFamily::V4);
    QCOMPARE(int(key.ipProtocol), 17);
    QCOMPARE(int(key.portA), 1023);
    QCOMPARE(int(key.portB), 2049);
}

// libpcap refuses a pcapng whose interfaces differ in link type; PcapFileSource falls back to
// PcapngReader and delivers every packet (tst_pcap_file_source checks their link types).
void TstDecodeCorpus::mixedLinkTypesReadThroughFallback()
{
    const QString path = sharedDir() + "/wireshark/" + kMixedLinkTypes;
    if (!QFile::exists(path))
        QSKIP("many_interfaces.pcapng.1 not found");
    const CaptureResult r = decodeCapture(path);
    QVERIFY(r.opened);
    QCOMPARE(r.linkType, 1);
    QCOMPARE(r.packets, 64);
    QVERIFY2(r.readError.isEmpty(), qPrintable(r.readError));
}

QTEST_GUILESS_MAIN(TstDecodeCorpus)
#include "tst_decode_corpus.moc"

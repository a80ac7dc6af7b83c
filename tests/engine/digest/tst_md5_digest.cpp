// Tests for the MD5 used for http.md5 and email.md5: RFC 1321 vectors, every padding
// boundary, the eight-lane compression against the one-stream one, and batched digests
// interleaved as a packet thread interleaves bodies, all checked against QCryptographicHash.
#include <QtTest>

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <memory>
#include <string>
#include <vector>

#include "digest/md5_block.h"
#include "digest/md5_digest.h"
#include "digest/md5_lanes.h"

using namespace luacap::engine;

class TstMd5Digest : public QObject {
    Q_OBJECT
private slots:
    void rfcVectors_data();
    void rfcVectors();
    void everyLengthAndSplit();
    void eightLanesMatchOneStream();
    void interleavedBatchedStreams_data();
    void interleavedBatchedStreams();
    void resetAndDestroyWhileWaiting();
    void oneLongStreamDoesNotWaitForever();
    void finishResetsForTheNextMessage();
};

namespace {

QByteArray qtMd5(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex();
}

QByteArray randomBytes(QRandomGenerator &rng, int n)
{
    QByteArray out(n, Qt::Uninitialized);
    for (char &c : out)
        c = char(rng.bounded(256));
    return out;
}

const uint8_t *bytesOf(const QByteArray &a)
{
    return reinterpret_cast<const uint8_t *>(a.constData());
}

} // namespace

void TstMd5Digest::rfcVectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    // RFC 1321, appendix A.5.
    QTest::newRow("empty") << QByteArray("") << QByteArray("d41d8cd98f00b204e9800998ecf8427e");
    QTest::newRow("a") << QByteArray("a") << QByteArray("0cc175b9c0f1b6a831c399e269772661");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray("900150983cd24fb0d6963f7d28e17f72");
    QTest::newRow("digest") << QByteArray("message digest") << QByteArray("f96b697d7cb7938d525a2f31aaf161d0");
    QTest::newRow("alphabet") << QByteArray("abcdefghijklmnopqrstuvwxyz")
                              << QByteArray("c3fcd3d76192e4007dfb496cca67e13b");
    QTest::newRow("80 digits")
        << QByteArray("12345678901234567890123456789012345678901234567890123456789012345678901234567890")
        << QByteArray("57edf4a22be3c955ac49da2e2107b67a");
}

void TstMd5Digest::rfcVectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    for (const auto mode : {Md5Digest::Mode::Direct, Md5Digest::Mode::Batched}) {
        Md5Digest d(mode);
        d.add(bytesOf(message), size_t(message.size()));
        QCOMPARE(QByteArray::fromStdString(d.finishHex()), digest);
    }
}

// Lengths around every padding boundary, each added whole and in two uneven pieces.
void TstMd5Digest::everyLengthAndSplit()
{
    QRandomGenerator rng(7);
    for (int len = 0; len <= 300; ++len) {
        const QByteArray data = randomBytes(rng, len);
        const int cut = len ? int(rng.bounded(len + 1)) : 0;
        for (const auto mode : {Md5Digest::Mode::Direct, Md5Digest::Mode::Batched}) {
            Md5Digest d(mode);
            d.add(bytesOf(data), size_t(cut));
            d.add(bytesOf(data) + cut, size_t(len - cut));
            QCOMPARE(d.size(), uint64_t(len));
            QCOMPARE(QByteArray::fromStdString(d.finishHex()), qtMd5(data));
        }
    }
}

// Every lane code this CPU runs gives what one stream at a time gives.
void TstMd5Digest::eightLanesMatchOneStream()
{
    if (!md5LanesAvailable())
        QSKIP("this CPU has no AVX2: only the one-stream code runs here");
    QRandomGenerator rng(11);
    const QByteArray data = randomBytes(rng, 8 * 5 * int(kMd5Block));
    for (const auto code : {Md5LaneCode::Avx2, Md5LaneCode::Avx512}) {
        if (!md5LaneCodeRuns(code)) {
            qInfo("lane code %d: not on this CPU", int(code));
            continue;
        }
        Md5State lanes[kMd5Lanes], single[kMd5Lanes];
        Md5State *states[kMd5Lanes];
        const uint8_t *ptrs[kMd5Lanes];
        for (size_t i = 0; i < kMd5Lanes; ++i) {
            lanes[i] = single[i] = kMd5Init;
            lanes[i][0] ^= uint32_t(i);  // distinct starting points
            single[i][0] ^= uint32_t(i);
            states[i] = &lanes[i];
            ptrs[i] = bytesOf(data) + i * 5 * kMd5Block;
        }
        ptrs[7] = ptrs[3];  // a repeated pointer is allowed
        md5Blocks8(states, ptrs, 5, code);
        for (size_t i = 0; i < kMd5Lanes; ++i) {
            md5Blocks(single[i], ptrs[i], 5);
            QCOMPARE(lanes[i], single[i]);
        }
    }
}

void TstMd5Digest::interleavedBatchedStreams_data()
{
    QTest::addColumn<int>("streams");
    QTest::addColumn<int>("maxChunk");
    QTest::newRow("3 streams, small chunks") << 3 << 100;
    QTest::newRow("40 streams, packet-sized chunks") << 40 << 1460;
    QTest::newRow("200 streams, mixed chunks") << 200 << 5000;
}

// Many bodies arrive a chunk at a time in random order, as on a packet thread; each
// finishes at a random point while others still wait in the lanes.
void TstMd5Digest::interleavedBatchedStreams()
{
    QFETCH(int, streams);
    QFETCH(int, maxChunk);
    QRandomGenerator rng(quint32(streams * 31 + maxChunk));
    std::vector<QByteArray> bodies;
    std::vector<int> sent(size_t(streams), 0);
    std::vector<std::unique_ptr<Md5Digest>> digests;
    const uint64_t laneBlocksBefore = Md5Lanes::forThisThread().laneBlocks();
    for (int i = 0; i < streams; ++i) {
        bodies.push_back(randomBytes(rng, int(rng.bounded(70000))));
        digests.push_back(std::make_unique<Md5Digest>(Md5Digest::Mode::Batched));
    }
    int open = streams;
    while (open > 0) {
        const size_t i = rng.bounded(quint32(streams));
        if (!digests[i])
            continue;
        const int left = int(bodies[i].size()) - sent[i];
        const int n = std::min(left, 1 + int(rng.bounded(quint32(maxChunk))));
        digests[i]->add(bytesOf(bodies[i]) + sent[i], size_t(n));
        sent[i] += n;
        if (sent[i] == bodies[i].size()) {
            QCOMPARE(QByteArray::fromStdString(digests[i]->finishHex()), qtMd5(bodies[i]));
            digests[i].reset();
            --open;
        }
    }
    QCOMPARE(Md5Lanes::forThisThread().waitingStreams(), size_t(0));
    // With enough open streams the eight-lane code did the bulk of the work.
    if (md5LanesAvailable() && streams >= int(Md5Lanes::kRunAtStreams)) {
        qint64 total = 0;
        for (const QByteArray &b : bodies)
            total += b.size();
        QVERIFY(Md5Lanes::forThisThread().laneBlocks() - laneBlocksBefore > uint64_t(total) / kMd5Block / 2);
    }
}

// A session freed mid-body, or a message restarted, leaves nothing behind in the lanes.
void TstMd5Digest::resetAndDestroyWhileWaiting()
{
    const QByteArray chunk(1000, 'x');
    auto gone = std::make_unique<Md5Digest>(Md5Digest::Mode::Batched);
    Md5Digest restarted(Md5Digest::Mode::Batched);
    gone->add(bytesOf(chunk), size_t(chunk.size()));
    restarted.add(bytesOf(chunk), size_t(chunk.size()));
    QCOMPARE(Md5Lanes::forThisThread().waitingStreams(), size_t(2));
    gone.reset();
    restarted.reset();
    QCOMPARE(Md5Lanes::forThisThread().waitingStreams(), size_t(0));
    restarted.add(bytesOf(chunk), 10);
    QCOMPARE(QByteArray::fromStdString(restarted.finishHex()), qtMd5(chunk.left(10)));
}

void TstMd5Digest::oneLongStreamDoesNotWaitForever()
{
    QRandomGenerator rng(3);
    const QByteArray body = randomBytes(rng, 1 << 20);
    Md5Digest d(Md5Digest::Mode::Batched);
    for (int at = 0; at < body.size(); at += 1460) {
        d.add(bytesOf(body) + at, size_t(std::min<qsizetype>(1460, body.size() - at)));
        // Alone in the lanes, its bytes are compressed once they pass the per-stream bound.
        QVERIFY(Md5Lanes::forThisThread().waitingStreams() <= 1);
    }
    QCOMPARE(QByteArray::fromStdString(d.finishHex()), qtMd5(body));
}

void TstMd5Digest::finishResetsForTheNextMessage()
{
    Md5Digest d(Md5Digest::Mode::Batched);
    d.add(std::string_view("first body, long enough to be waiting in the lanes: ....................."));
    d.finish();
    d.add(std::string_view("abc"));
    QCOMPARE(QByteArray::fromStdString(d.finishHex()), QByteArray("900150983cd24fb0d6963f7d28e17f72"));
}

QTEST_GUILESS_MAIN(TstMd5Digest)
#include "tst_md5_digest.moc"

// Tests for Sha1 (the record encoder's community-id hash): FIPS 180 vectors and every
// padding boundary, checked against QCryptographicHash.
#include <QtTest>

#include <QCryptographicHash>
#include <string>

#include "records/sha1.h"

using namespace luacap::engine;

class TstSha1 : public QObject {
    Q_OBJECT
private slots:
    void knownVectors_data();
    void knownVectors();
    void matchesQtAtEveryLength();
};

namespace {
QByteArray hexOf(const Sha1::Digest &d)
{
    return QByteArray(reinterpret_cast<const char *>(d.data()), int(d.size())).toHex();
}
} // namespace

void TstSha1::knownVectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    QTest::newRow("empty") << QByteArray() << QByteArray("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray("a9993e364706816aba3e25717850c26c9cd0d89d");
    QTest::newRow("two blocks (56 bytes)") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                           << QByteArray("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    QTest::newRow("million a") << QByteArray(1000000, 'a') << QByteArray("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

void TstSha1::knownVectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    QCOMPARE(hexOf(Sha1::hash(reinterpret_cast<const uint8_t *>(message.constData()), size_t(message.size()))), digest);
}

// Lengths 0..200 cross the one-block / two-block padding split (55/56) and block multiples.
void TstSha1::matchesQtAtEveryLength()
{
    QByteArray message;
    for (int len = 0; len <= 200; ++len) {
        const QByteArray mine = hexOf(Sha1::hash(reinterpret_cast<const uint8_t *>(message.constData()), size_t(len)));
        const QByteArray qt = QCryptographicHash::hash(message, QCryptographicHash::Sha1).toHex();
        QVERIFY2(mine == qt, qPrintable(QString("length %1").arg(len)));
        message.append(char(len * 7 + 1));
    }
}

QTEST_APPLESS_MAIN(TstSha1)
#include "tst_sha1.moc"

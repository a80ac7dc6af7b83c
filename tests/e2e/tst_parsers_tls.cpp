// End-to-end: the JA3 and JA3S fingerprints `luacap replay` writes for real and generated TLS
// captures equal the ones tshark computes for the same hellos (tshark 4.0: tls.handshake.ja3,
// tls.handshake.ja3s; it has no JA4, which tst_tls_parser checks against the specification).
#include <QDir>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "support/run_luacap.h"

using namespace luacap::test;

namespace {

QSet<QString> fieldSet(const QByteArray &records, const QString &path)
{
    QSet<QString> out;
    for (const QJsonObject &r : parseRecords(records)) {
        const QJsonValue v = valueAt(r, path);
        for (const QJsonValue &x : v.toArray())
            out.insert(x.toString());
    }
    return out;
}

QSet<QString> tsharkSet(const QString &pcap, const QString &field)
{
    // TLS over TCP only: tshark also decrypts QUIC Initials, which luacap does not (docs/compat.md).
    const RunResult r = runProgram("tshark", {"-r", pcap, "-o", "tcp.reassemble_out_of_order:TRUE", "-Y", "tcp && " + field,
                                              "-T", "fields", "-e", field});
    QSet<QString> out;
    for (const QByteArray &line : r.out.split('\n'))
        for (const QByteArray &v : line.split(','))
            if (!v.trimmed().isEmpty())
                out.insert(QString::fromLatin1(v.trimmed()));
    return out;
}

} // namespace

class TestParsersTls : public QObject {
    Q_OBJECT
private:
    QTemporaryDir tmp_;

    static QString sorted(const QSet<QString> &s)
    {
        QStringList l(s.begin(), s.end());
        l.sort();
        return l.join(' ');
    }

private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("tshark").isEmpty())
            QSKIP("tshark is not installed: JA3 comparison skipped");
    }

    void ja3MatchesTshark_data()
    {
        QTest::addColumn<QString>("pcap");
        const QString shared = QStringLiteral(LUACAP_SHARED_DIR "/pcaps/");
        const RunResult gen = runPcapgen({"--flows", "60", "--seed", "11", "--mix", "tls=100", "--ooo", "20",
                                          "-o", tmp_.filePath("tls.pcap")});
        QVERIFY2(gen.exitCode == 0, gen.err.constData());
        QTest::addRow("generated TLS 1.3 handshakes") << tmp_.filePath("tls.pcap");
        for (const char *name : {"arkime/tls-alpn-h2.pcap", "arkime/openssl-ssl3.pcap", "arkime/arkime_synthetic.pcap",
                                 "wireshark/rsasnakeoil2.pcap", "wireshark/tls13-rfc8446.pcap",
                                 "wireshark/http2_follow_multistream.pcapng"})
            QTest::addRow("%s", name) << shared + name;
    }
    void ja3MatchesTshark()
    {
        QFETCH(QString, pcap);
        if (!QFile::exists(pcap))
            QSKIP(qPrintable(pcap + " is absent (../shared)"));
        const RunResult r = runLuacap({"replay", "--stats", "none", pcap});
        QVERIFY2(r.exitCode == 0 && !r.crashed, r.err.constData());
        const QSet<QString> ja3 = fieldSet(r.out, "tls.ja3"), ja3s = fieldSet(r.out, "tls.ja3s");
        QCOMPARE(sorted(ja3), sorted(tsharkSet(pcap, "tls.handshake.ja3")));
        QCOMPARE(sorted(ja3s), sorted(tsharkSet(pcap, "tls.handshake.ja3s")));
        QVERIFY(!ja3.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestParsersTls)
#include "tst_parsers_tls.moc"

// Unit tests of the protocol names and content types derived after Arkime: body magic
// (magicMode=basic), application protocols from HTTP request paths, classification again
// after a SOCKS handshake, and DCE/RPC interface names from bind PDUs in both byte orders.
#include <QtTest>

#include "fields/field_registry.h"
#include "parsers/body_magic.h"
#include "parsers/builtin_parsers.h"
#include "parsers/http/http_app_protocol.h"
#include "parsers/register_parsers.h"
#include "session/session.h"
#include "session/session_feed.h"

using namespace luacap::engine;

namespace {

// Every built-in parser, fed as a packet thread feeds a session.
struct Harness {
    FieldRegistry registry;
    ClassifierTable table;
    std::unique_ptr<BuiltinParsers> classifier;
    Session session;

    explicit Harness(uint16_t serverPort)
    {
        std::string error;
        if (!registerBuiltinParsers(ParserConfig{}, registry, table, &error))
            qFatal("register: %s", error.c_str());
        classifier = std::make_unique<BuiltinParsers>(table);
        const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
        session.sourceIsA = makeSessionKey(AddressFamily::V4, a, b, 50000, serverPort, 6, 0, session.key);
    }
    void feed(int dir, const QByteArray &bytes)
    {
        feedData(session, dir, reinterpret_cast<const uint8_t *>(bytes.constData()), uint32_t(bytes.size()),
                 {classifier.get()});
    }
    QStringList protocols() const
    {
        QStringList out;
        if (const auto *v = session.fields.strings(FieldRegistry::Protocol))
            for (std::string_view s : *v)
                out << QString::fromUtf8(s.data(), qsizetype(s.size()));
        out.sort();
        return out;
    }
};

} // namespace

class TestProtocolDerivation : public QObject {
    Q_OBJECT
private slots:
    void bodyMagicTypes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("type");
        QTest::addRow("html doctype") << QByteArray("<!DOCTYPE html><html>") << "text/html";
        QTest::addRow("html lower") << QByteArray("<html><body>") << "text/html";
        QTest::addRow("json") << QByteArray("{\"a\":1}") << "application/json";
        QTest::addRow("json needs a letter") << QByteArray("{\"1\":1}") << "";
        QTest::addRow("gzip") << QByteArray("\x1f\x8b\x08\x00\x00\x00", 6) << "application/x-gzip";
        QTest::addRow("png") << QByteArray("\x89PNG\r\n\x1a\n", 8) << "image/png";
        QTest::addRow("xml") << QByteArray("<?xml version=\"1.0\"?>") << "text/xml";
        QTest::addRow("svg in xml") << QByteArray("<?xml version=\"1.0\"?><svg>") << "image/svg+xml";
        QTest::addRow("javascript anywhere") << QByteArray("var x; document.write(x);") << "text/javascript";
        QTest::addRow("jpeg needs 11 bytes") << QByteArray("\xff\xd8\xff\xe0\0\x10JF", 8) << "";
        QTest::addRow("shorter than 5") << QByteArray("<htm") << "";
        QTest::addRow("plain text") << QByteArray("hello world") << "";
        QByteArray tar(300, '\0');
        tar.replace(257, 5, "ustar");
        QTest::addRow("tar") << tar << "application/x-tar";
    }
    void bodyMagicTypes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, type);
        const std::string_view m = bodyMagic(reinterpret_cast<const uint8_t *>(body.constData()), size_t(body.size()));
        QCOMPARE(QString::fromLatin1(m.data(), qsizetype(m.size())), type);
    }

    void appProtocolFromPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("protocol");
        QTest::addRow("certsrv root") << "/certsrv/" << "adcs-web";
        QTest::addRow("certsrv upper case") << "/CERTSRV/certrqma.asp" << "adcs-web";
        QTest::addRow("ndes") << "/certsrv/mscep/mscep.dll" << "adcs-ndes";
        QTest::addRow("ndes admin") << "/certsrv/mscep_admin/" << "adcs-ndes";
        QTest::addRow("cep") << "/ADPolicyProvider_CEP_Kerberos/service.svc/CEP" << "adcs-cep";
        QTest::addRow("ces") << "/EnrollmentServer/service.svc" << "adcs-ces";
        QTest::addRow("winrm") << "/wsman" << "winrm";
        QTest::addRow("not winrm") << "/wsmania" << "";
        QTest::addRow("absolute form") << "http://ca.example/certsrv/certfnsh.asp" << "adcs-web";
        QTest::addRow("unrelated") << "/unrelated/path" << "";
    }
    void appProtocolFromPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, protocol);
        const std::string p = path.toStdString();
        const char *app = httpAppProtocol(p);
        QCOMPARE(QString(app ? app : ""), protocol);
    }

    // Optimistic SOCKS5 (request before the method choice), then HTTP through the tunnel.
    void socksThenHttp_data()
    {
        QTest::addColumn<bool>("granted");
        QTest::addRow("granted") << true;
        QTest::addRow("refused") << false;
    }
    void socksThenHttp()
    {
        QFETCH(bool, granted);
        Harness h(1080);
        h.feed(0, QByteArray("\x05\x01\x00", 3));
        h.feed(0, QByteArray("\x05\x01\x00\x01\x0a\x00\x00\x09\x00\x50", 10));
        h.feed(1, QByteArray("\x05\x00", 2));
        h.feed(1, QByteArray(granted ? "\x05\x00\x00\x01\x0a\x00\x00\x09\x00\x50" : "\x05\x05\x00\x01\x0a\x00\x00\x09\x00\x50", 10));
        h.feed(0, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n");
        h.feed(1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        QCOMPARE(h.protocols(), granted ? (QStringList{"http", "socks"}) : QStringList{"socks"});
    }

    // The same bind (efsr) sent with little- and big-endian integers.
    void dcerpcInterface_data()
    {
        QTest::addColumn<QByteArray>("bind");
        QTest::addRow("big-endian") << QByteArray::fromHex(
            "05000b0300000000004800000000000110b810b8000000000100000000000100df1941c5fe894e79bf10463657acf44d"
            "000100008a885d041ceb11c99fe808002b10486000020000");
        QTest::addRow("little-endian") << QByteArray::fromHex(
            "05000b03100000004800000001000000b810b810000000000100000000000100c54119df89fe794ebf10463657acf44d"
            "01000000045d888aeb1cc9119fe808002b10486002000000");
    }
    void dcerpcInterface()
    {
        QFETCH(QByteArray, bind);
        Harness h(135);
        h.feed(0, bind);
        QCOMPARE(h.protocols(), (QStringList{"dcerpc", "efsr"}));
    }

    void dcerpcTruncatedBind()
    {
        const QByteArray bind = QByteArray::fromHex(
            "05000b0300000000004800000000000110b810b8000000000100000000000100df1941c5fe894e79bf10463657acf44d");
        for (int n = 1; n < bind.size(); ++n) {
            Harness h(135);
            h.feed(0, bind.left(n));
            QVERIFY(!h.protocols().contains("efsr"));
        }
    }
};

QTEST_GUILESS_MAIN(TestProtocolDerivation)
#include "tst_protocol_derivation.moc"

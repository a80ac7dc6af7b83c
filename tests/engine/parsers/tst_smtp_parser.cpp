// Unit tests of the SMTP parser: commands, replies, DATA/BDAT framing, headers (RFC 2047),
// MIME walking and hashes, STARTTLS hand-over, body feed, bounds and garbage.
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QtTest>

#include "fields/field_registry.h"
#include "parsers/classifier_table.h"
#include "parsers/smtp/rfc2047_decoder.h"
#include "parsers/smtp/smtp_parser.h"
#include "plugin/http_observer.h"
#include "session/session.h"
#include "support/parser_harness.h"

using namespace luacap::engine;

namespace {
class FeedRecorder final : public HttpObserver {
public:
    uint32_t wanted() const override { return bodyFeedBit(BodyFeed::Smtp); }
    HttpAction onBodyFeed(Session &, BodyFeed f, int dir, const uint8_t *d, uint32_t n) override
    {
        if (f == BodyFeed::Smtp && dir == 0)
            bytes.append(reinterpret_cast<const char *>(d), int(n));
        return HttpAction::Continue;
    }
    QByteArray bytes;
};

struct Harness : luacap::testing::ParserHarness {
    explicit Harness(ParserConfig cfg = {}) : ParserHarness(&registerSmtpParser, cfg, 25) {}
};

using luacap::testing::md5;
using luacap::testing::sha256;

const char kAttachmentBytes[] = "PK\x03\x04 binary \x00\xff attachment bytes, long enough to span lines of base64 text";
const QByteArray kAttachment(kAttachmentBytes, sizeof kAttachmentBytes - 1);
const QByteArray kQpText = "caf\xc3\xa9 = price\r\nsecond line";

QByteArray mimeMessage()
{
    QByteArray b64 = kAttachment.toBase64();
    QByteArray wrapped;
    for (int i = 0; i < b64.size(); i += 20)
        wrapped += b64.mid(i, 20) + "\r\n";
    return "From: \"Alice A\" <Alice@Example.ORG>\r\n"
           "To: bob@example.net, \"Carol, C\" <carol@example.net>\r\n"
           "Cc: <dave@example.net>\r\n"
           "Subject: =?UTF-8?B?SMOpbGxv?=\r\n =?iso-8859-1?q?_w=F6rld?=\r\n"
           "Message-ID: <id-1@example.org>\r\n"
           "X-Mailer: Mailer 1.0\r\n"
           "Received: from relay.example.org (relay.example.org [10.1.2.03])\r\n"
           "\tby MX.Example.NET with ESMTP; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
           "\r\n"
           "preamble\r\n"
           "--outer\r\n"
           "Content-Type: multipart/alternative; boundary=inner\r\n"
           "\r\n"
           "--inner\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n"
           "\r\n"
           "caf=C3=A9 =3D price\r\n"
           "second=\r\n"
           " line\r\n"
           "--inner--\r\n"
           "--outer\r\n"
           "Content-Type: application/zip\r\n"
           "Content-Disposition: attachment; filename=\"=?utf-8?q?r=C3=A9sum=C3=A9?=.zip\"\r\n"
           "Content-Transfer-Encoding: base64\r\n"
           "\r\n" + wrapped +
           "--outer--\r\n"
           "epilogue\r\n";
}

QByteArray clientSession()
{
    return "EHLO Client.Example.ORG\r\n"
           "AUTH PLAIN " + QByteArray("\0User@Example.org\0secret", 24).toBase64() + "\r\n"
           "MAIL FROM:<Alice@Example.ORG> SIZE=100\r\n"
           "RCPT TO:<bob@example.net>\r\n"
           "DATA\r\n" + mimeMessage() + ".\r\n"
           "QUIT\r\n";
}

const QByteArray kServer = "220 mx.example.net ESMTP ready\r\n250-mx.example.net\r\n250 AUTH PLAIN LOGIN\r\n"
                           "235 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n250 2.0.0 queued\r\n221 bye\r\n";
} // namespace

class TestSmtpParser : public QObject {
    Q_OBJECT
private slots:
    void fullSession_data();
    void fullSession();
    void splitAtEveryByte();
    void pipelining();
    void bdatChunks_data();
    void bdatChunks();
    void multiMessage();
    void authLogin();
    void rfc2047_data();
    void rfc2047();
    void starttls();
    void starttlsRefused();
    void headerOptions();
    void bodyFeed();
    void boundsAndGarbage_data();
    void boundsAndGarbage();
    void gapStopsHash();
    void classifier_data();
    void classifier();
};

void TestSmtpParser::fullSession_data()
{
    QTest::addColumn<int>("chunk");
    for (int c : {0, 1, 2, 3, 5, 7, 64, 1000})
        QTest::newRow(qPrintable(QString("chunk %1").arg(c))) << c;
}

void TestSmtpParser::fullSession()
{
    QFETCH(int, chunk);
    ParserConfig cfg;
    cfg.supportSha256 = true;
    Harness h(cfg);
    h.feed(1, kServer.left(32), chunk);   // the greeting first, as on the wire
    h.feed(0, clientSession(), chunk);
    h.feed(1, kServer.mid(32), chunk);
    QCOMPARE(*h.session.fields.strings(FieldRegistry::Protocol), std::vector<std::string>{"smtp"});
    QCOMPARE(h.strs("email.smtp-hello"), QStringList{"client.example.org"});
    QCOMPARE(h.strs("user"), QStringList{"user@example.org"});
    QCOMPARE(h.strs("email.src"), QStringList{"alice@example.org"});
    QCOMPARE(h.strs("email.dst"), (QStringList{"bob@example.net", "carol@example.net", "dave@example.net"}));
    QCOMPARE(h.strs("email.subject"), QStringList{QString::fromUtf8("H\xc3\xa9llo w\xc3\xb6rld")});
    QCOMPARE(h.strs("email.message-id"), QStringList{"id-1@example.org"});
    QCOMPARE(h.strs("email.x-mailer"), QStringList{"Mailer 1.0"});
    QCOMPARE(h.strs("email.mime-version"), QStringList{"1.0"});
    QCOMPARE(h.strs("email.content-type"), QStringList{"multipart/mixed; boundary=\"outer\""});
    QCOMPARE(h.strs("host.email"), (QStringList{"relay.example.org", "mx.example.net"}));
    QCOMPARE(h.strs("ip.email"), QStringList{"10.1.2.3"});
    QCOMPARE(h.strs("email.fn"), QStringList{QString::fromUtf8("r\xc3\xa9sum\xc3\xa9.zip")});
    QCOMPARE(h.strs("email.md5"), (QStringList{md5(kQpText), md5(kAttachment)}));
    QCOMPARE(h.strs("email.sha256"), (QStringList{sha256(kQpText), sha256(kAttachment)}));
    QCOMPARE(h.tags(), (QStringList{"smtp:authplain", "smtp:statuscode:250"}));
    QVERIFY(h.strs("email.has-header").contains("received"));
    QVERIFY(h.strs("email.has-header.name").isEmpty());   // parseSMTPHeaderAll is off
}

// Two segments, cut at every offset: the fields never depend on where TCP split the stream.
void TestSmtpParser::splitAtEveryByte()
{
    const QByteArray client = clientSession();
    Harness whole;
    whole.feed(1, kServer.left(32));   // classified on the greeting: every cut of the client counts
    whole.feed(0, client);
    for (int cut = 1; cut < client.size(); ++cut) {
        Harness h;
        h.feed(1, kServer.left(32));
        h.feed(0, client.left(cut));
        h.feed(0, client.mid(cut));
        for (const char *f : {"email.subject", "email.md5", "email.fn", "email.dst", "user", "host.email", "tags"})
            QVERIFY2(h.strs(f) == whole.strs(f), qPrintable(QString("cut %1 field %2").arg(cut).arg(f)));
    }
}

void TestSmtpParser::pipelining()
{
    Harness h;
    h.feed(1, "220 mx ESMTP\r\n");
    h.feed(0, "EHLO a\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@y>\r\nDATA\r\nSubject: one\r\n\r\nhi\r\n.\r\n"
              "MAIL FROM:<d@x>\r\nRCPT TO:<e@y>\r\nDATA\r\nSubject: two\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
    h.feed(1, "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n550 rejected\r\n");
    QCOMPARE(h.strs("email.src"), (QStringList{"a@x", "d@x"}));
    QCOMPARE(h.strs("email.dst"), (QStringList{"b@y", "c@y", "e@y"}));
    QCOMPARE(h.strs("email.subject"), (QStringList{"one", "two"}));
    // Arkime's rule: the first reply line after the end of a message is its status.
    QCOMPARE(h.tags(), QStringList{"smtp:statuscode:250"});
}

void TestSmtpParser::bdatChunks_data()
{
    QTest::addColumn<int>("chunk");
    for (int c : {0, 1, 4, 9})
        QTest::newRow(qPrintable(QString("chunk %1").arg(c))) << c;
}

void TestSmtpParser::bdatChunks()
{
    QFETCH(int, chunk);
    Harness h;
    const QByteArray part1 = "Subject: bdat\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Transfer-Encoding: base64\r\n\r\naGVs";
    const QByteArray part2 = "bG8=\r\n--b--\r\n";
    const QByteArray c = "EHLO a\r\nMAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nBDAT " + QByteArray::number(part1.size()) + "\r\n" + part1 +
                         "BDAT " + QByteArray::number(part2.size()) + " LAST\r\n" + part2 + "MAIL FROM:<z@x>\r\n";
    h.feed(0, c, chunk);
    h.feed(1, "250 2.0.0 ok\r\n", chunk);
    QCOMPARE(h.strs("email.subject"), QStringList{"bdat"});
    QCOMPARE(h.strs("email.md5"), QStringList{md5("hello")});
    QCOMPARE(h.strs("email.src"), (QStringList{"a@x", "z@x"}));   // commands resume after LAST
    QCOMPARE(h.tags(), QStringList{"smtp:statuscode:250"});
}

void TestSmtpParser::multiMessage()
{
    Harness h;
    const QByteArray msg = "Subject: m%1\r\nContent-Type: multipart/mixed; boundary=\"x%1\"\r\n\r\n--x%1\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n%2\r\n--x%1--\r\n.\r\n";
    QByteArray c = "HELO a\r\n";
    for (int i = 1; i <= 3; ++i)
        c += "MAIL FROM:<a@x>\r\nDATA\r\n" +
             QString(msg).arg(i).arg(QString(QByteArray("body ").append(QByteArray::number(i)).toBase64())).toUtf8();
    h.feed(0, c, 11);
    QCOMPARE(h.strs("email.subject"), (QStringList{"m1", "m2", "m3"}));
    QCOMPARE(h.strs("email.md5"), (QStringList{md5("body 1"), md5("body 2"), md5("body 3")}));
}

void TestSmtpParser::authLogin()
{
    Harness h;
    h.feed(0, "EHLO a\r\nAUTH LOGIN\r\n" + QByteArray("Joe@Example.com").toBase64() + "\r\n" +
                  QByteArray("password").toBase64() + "\r\nAUTH CRAM-MD5\r\n");
    QCOMPARE(h.strs("user"), QStringList{"joe@example.com"});
    QCOMPARE(h.tags(), (QStringList{"smtp:authlogin", "smtp:authcram-md5"}));
    Harness inline_;
    inline_.feed(0, "EHLO a\r\nAUTH LOGIN " + QByteArray("kim").toBase64() + "\r\n");
    QCOMPARE(inline_.strs("user"), QStringList{"kim"});
}

void TestSmtpParser::rfc2047_data()
{
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << QByteArray("hello world") << "hello world";
    QTest::newRow("B utf-8") << QByteArray("=?utf-8?B?w6lsw6h2ZQ==?=") << QString::fromUtf8("\xc3\xa9l\xc3\xa8ve");
    QTest::newRow("Q utf-8 underscore") << QByteArray("=?UTF-8?Q?a_b=3Dc?=") << "a b=c";
    QTest::newRow("Q latin-1") << QByteArray("=?ISO-8859-1?Q?caf=E9?=") << QString::fromUtf8("caf\xc3\xa9");
    QTest::newRow("B windows-1252") << QByteArray("=?windows-1252?B?gA==?=") << QString::fromUtf8("\xe2\x82\xac");
    QTest::newRow("adjacent words") << QByteArray("=?utf-8?q?a?= \t =?utf-8?q?b?=") << "ab";
    QTest::newRow("text around") << QByteArray("Re: =?utf-8?q?x?= end") << "Re: x end";
    QTest::newRow("language suffix") << QByteArray("=?utf-8*en?q?hi?=") << "hi";
    QTest::newRow("empty text") << QByteArray("a=?utf-8?q?\?=b") << "ab";
    QTest::newRow("raw latin-1 text") << QByteArray("caf\xe9") << QString::fromUtf8("caf\xc3\xa9");
    QTest::newRow("unknown charset") << QByteArray("=?x-nope?q?a?=") << "=?x-nope?q?a?=";
    QTest::newRow("unterminated") << QByteArray("=?utf-8?q?abc") << "=?utf-8?q?abc";
    QTest::newRow("bad encoding letter") << QByteArray("=?utf-8?x?abc?=") << "=?utf-8?x?abc?=";
    QTest::newRow("not utf-8 after decode") << QByteArray("=?utf-8?q?=FF?=") << "Error Decoding";
    QTest::newRow("cut at 4095") << QByteArray(5000, 'A') << QString(4095, 'A');
}

void TestSmtpParser::rfc2047()
{
    QFETCH(QByteArray, in);
    QFETCH(QString, out);
    QCOMPARE(QString::fromStdString(decodeRfc2047(std::string_view(in.constData(), size_t(in.size())))), out);
}

void TestSmtpParser::starttls()
{
    Harness h;
    h.feed(1, "220 mx ESMTP\r\n");
    h.feed(0, "EHLO a\r\nSTARTTLS\r\n");
    QCOMPARE(h.tags(), QStringList{"smtp:starttls"});
    QCOMPARE(int(h.session.classifiedDirections & 1), 0);   // the ClientHello is classified again
    QVERIFY(h.parserAlive());
    h.feed(1, "220 2.0.0 Ready to start TLS\r\n");
    QCOMPARE(int(h.session.classifiedDirections), 0);
    QVERIFY(!h.parserAlive());
    h.feed(0, QByteArray("\x16\x03\x01\x00\x05MAIL FROM:<x@y>\r\n", 22));
    QVERIFY(h.strs("email.src").isEmpty());
}

void TestSmtpParser::starttlsRefused()
{
    Harness h;
    h.feed(0, "EHLO a\r\nSTARTTLS\r\n");
    h.feed(1, "454-TLS not\r\n454 available\r\n");
    QVERIFY(h.parserAlive());
    h.feed(0, "MAIL FROM:<x@y>\r\n");
    QCOMPARE(h.strs("email.src"), QStringList{"x@y"});
}

void TestSmtpParser::headerOptions()
{
    ParserConfig cfg;
    cfg.parseSmtpHeaderAll = true;
    cfg.smtpIpHeaders = {"X-Originating-IP:"};
    cfg.emailHeaderFields = {{"x-priority", "type:integer"}};
    Harness h(cfg);
    h.feed(0, "HELO a\r\nDATA\r\nX-Priority: 3\r\nX-Originating-IP: [192.0.2.7]\r\nDate: today\r\nDate: again\r\n"
              "Subject:nospace\r\n\r\n.\r\n");
    QCOMPARE(h.session.fields.ints(h.registry.idOf("email.header-x-priority"))->front(), 3);
    QCOMPARE(h.strs("ip.email"), QStringList{"192.0.2.7"});
    QCOMPARE(h.strs("email.has-header.name"), (QStringList{"date", "date"}));
    QCOMPARE(h.strs("email.has-header.value"), (QStringList{"today", "again"}));
    QCOMPARE(h.strs("email.subject"), QStringList{"nospace"});
    QVERIFY(h.tags().contains("smtp:missing-subject-space"));
}

void TestSmtpParser::bodyFeed()
{
    FeedRecorder rec;
    Harness h;
    QVERIFY(h.observers.add(&rec));
    h.feed(0, "HELO a\r\nDATA\r\n" + mimeMessage() + ".\r\nDATA\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                  QByteArray("top level").toBase64() + "\r\n.\r\n", 3);
    // Each leaf part, transfer-decoded; preamble, epilogue and boundaries never appear.
    QCOMPARE(rec.bytes, kQpText + kAttachment + "top level");
}

void TestSmtpParser::boundsAndGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("long command line") << "EHLO " + QByteArray(100000, 'x') + "\r\nMAIL FROM:<ok@x>\r\n";
    QTest::newRow("long header") << "HELO a\r\nDATA\r\nSubject: " + QByteArray(100000, 's') + "\r\n\r\n.\r\nMAIL FROM:<ok@x>\r\n";
    QTest::newRow("endless folding") << "HELO a\r\nDATA\r\nSubject: a\r\n" + QByteArray(" b\r\n").repeated(20000) +
                                            "\r\n.\r\nMAIL FROM:<ok@x>\r\n";
    QByteArray many = "HELO a\r\nDATA\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n";
    for (int i = 0; i < 100; ++i)
        many += "--b" + QByteArray::number(i) + "\r\nContent-Type: multipart/mixed; boundary=b" + QByteArray::number(i + 1) + "\r\n\r\n";
    QTest::newRow("deep nesting") << many + ".\r\nMAIL FROM:<ok@x>\r\n";
    QTest::newRow("bare LF") << QByteArray("HELO a\nDATA\nSubject: lf\n\n.\nMAIL FROM:<ok@x>\n");
    QTest::newRow("huge BDAT then nothing") << QByteArray("HELO a\r\nMAIL FROM:<ok@x>\r\nBDAT 99999999999999999999\r\nxx");
    QTest::newRow("bad base64 and qp") << QByteArray("HELO a\r\nMAIL FROM:<ok@x>\r\nDATA\r\nContent-Type: multipart/x; boundary=q\r\n\r\n--q\r\n"
                                                     "Content-Transfer-Encoding: base64\r\n\r\n!!!===@@@\r\n--q\r\n"
                                                     "Content-Transfer-Encoding: quoted-printable\r\n\r\n=G=\r\n=\r\n--q--\r\n.\r\n");
    QTest::newRow("auth plain garbage") << QByteArray("HELO a\r\nAUTH PLAIN ====\r\nAUTH PLAIN\r\n\r\nMAIL FROM:<ok@x>\r\n");
    QByteArray noise(4096, 0);
    QRandomGenerator rng(7);
    for (char &c : noise)
        c = char(rng.bounded(256));
    QTest::newRow("random bytes") << "HELO a\r\nMAIL FROM:<ok@x>\r\nDATA\r\n" + noise;
}

void TestSmtpParser::boundsAndGarbage()
{
    QFETCH(QByteArray, bytes);
    for (int chunk : {0, 1, 977}) {
        Harness h;
        h.feed(0, bytes, chunk);
        h.feed(1, bytes, chunk);
        QCOMPARE(h.strs("email.src"), QStringList{"ok@x"});
        for (const QString &s : h.strs("email.subject"))
            QVERIFY(s.toUtf8().size() <= 4095);
        QVERIFY(h.strs("email.smtp-hello").value(0).size() <= int(SmtpParser::kMaxLine));
    }
}

void TestSmtpParser::gapStopsHash()
{
    Harness h;
    h.feed(0, "HELO a\r\nDATA\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
              "Content-Transfer-Encoding: base64\r\n\r\naGVs");
    for (auto &p : h.session.parsers)
        p->onGap(h.session, 0, 100);
    h.feed(0, "bG8=\r\nbG8=\r\n--b--\r\n.\r\nMAIL FROM:<after@gap>\r\n");
    QVERIFY(h.strs("email.md5").isEmpty());
    QCOMPARE(h.strs("email.src"), QStringList{"after@gap"});
}

void TestSmtpParser::classifier_data()
{
    QTest::addColumn<QByteArray>("first");
    QTest::addColumn<bool>("smtp");
    QTest::newRow("EHLO") << QByteArray("EHLO x\r\n") << true;
    QTest::newRow("HELO") << QByteArray("HELO x\r\n") << true;
    QTest::newRow("220 ESMTP") << QByteArray("220 mx ESMTP\r\n") << true;
    QTest::newRow("220 FTP") << QByteArray("220 ProFTPD ready\r\n") << false;
    QTest::newRow("220- multiline") << QByteArray("220-mx ESMTP\r\n") << false;
    QTest::newRow("HELO no space") << QByteArray("HELOx\r\n") << false;
    QTest::newRow("short") << QByteArray("EHLO") << false;
}

void TestSmtpParser::classifier()
{
    QFETCH(QByteArray, first);
    QFETCH(bool, smtp);
    Harness h;
    h.feed(0, first);
    h.feed(1, first);   // never a second parser
    QCOMPARE(h.session.fields.has(FieldRegistry::Protocol), smtp);
    QCOMPARE(h.session.parsers.size(), size_t(smtp ? 1 : 0));
}

QTEST_GUILESS_MAIN(TestSmtpParser)
#include "tst_smtp_parser.moc"

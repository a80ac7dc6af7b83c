// Tests for the HTTP parser's "http:password" tag: set when a body's first chunk holds
// password=, passwd= or pass= in any letter case, not otherwise (Arkime's rule).
#include <QtTest>

#include "fields/field_registry.h"
#include "parsers/classifier_table.h"
#include "parsers/http/http_parser.h"
#include "plugin/http_observer.h"
#include "session/session.h"

using namespace luacap::engine;

class TstHttpPasswordTag : public QObject {
    Q_OBJECT
private slots:
    void tag_data();
    void tag();
};

namespace {
// Feeds one POST with body to a freshly registered HTTP parser; returns the session's tags.
QStringList tagsAfterPost(const QByteArray &body)
{
    FieldRegistry registry;
    ClassifierTable table;
    HttpObserverList observers;
    Session session;
    std::string error;
    if (!registerHttpParser(ParserConfig{}, registry, table, &error))
        qFatal("register: %s", error.c_str());
    session.key.ipProtocol = 6;
    session.httpObservers = &observers;
    const QByteArray request = "POST /login HTTP/1.1\r\nHost: h\r\nContent-Length: " + QByteArray::number(body.size()) +
                               "\r\n\r\n" + body;
    const auto *p = reinterpret_cast<const uint8_t *>(request.constData());
    table.classify(ClassifyInput{session, 0, p, uint32_t(request.size()), 40000, 80, true});
    for (auto &parser : session.parsers)
        if (parser)
            parser->onData(session, 0, p, uint32_t(request.size()));
    QStringList tags;
    if (const auto *v = session.fields.strings(FieldRegistry::Tags))
        for (std::string_view t : *v)
            tags << QString::fromUtf8(t.data(), qsizetype(t.size()));
    return tags;
}
} // namespace

void TstHttpPasswordTag::tag_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("tagged");
    QTest::newRow("password=") << QByteArray("user=a&password=b") << true;
    QTest::newRow("passwd= at start") << QByteArray("passwd=x") << true;
    QTest::newRow("pass= at the very end") << QByteArray("u=1&pass=") << true;
    QTest::newRow("upper case") << QByteArray("USER=A&PASSWORD=B") << true;
    QTest::newRow("mixed case") << QByteArray("PaSsWd=1") << true;
    QTest::newRow("after a false start") << QByteArray("ppass=1") << true;
    QTest::newRow("no equals") << QByteArray("password") << false;
    QTest::newRow("other word") << QByteArray("passport=1&pas=2") << false;
    QTest::newRow("cut short") << QByteArray("pass") << false;
    QTest::newRow("high bytes") << QByteArray("\xd0\xf0\x50\x41\x53\x53\x3d") << true;   // ..PASS=
    QTest::newRow("high bytes only") << QByteArray("\xd0\xf0\xf0\xe1\xf3\xf3\xbd") << false;
}

void TstHttpPasswordTag::tag()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, tagged);
    QCOMPARE(tagsAfterPost(body).contains("http:password"), tagged);
}

QTEST_APPLESS_MAIN(TstHttpPasswordTag)
#include "tst_http_password_tag.moc"

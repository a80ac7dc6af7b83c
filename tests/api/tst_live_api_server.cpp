// Tests of the daemon's live API over real sockets: the HTTP endpoints with and without a
// token, the record history and its limits, the WebSocket stream fed from another thread as
// the writer feeds it, and `luacap status` reading a live server.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <thread>

#include "live_api_server.h"
#include "record_history.h"
#include "records/json_lines_sink.h"
#include "tapped_sink.h"

using namespace luacap;

namespace {
struct Reply {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
};

Reply get(quint16 port, const QString &path, const QByteArray &token = {})
{
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(QString("http://127.0.0.1:%1%2").arg(port).arg(path)));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    QNetworkReply *reply = manager.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!done.wait(10000))
        return {};
    Reply r{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray()};
    reply->deleteLater();
    return r;
}

QByteArray record(int i)
{
    return QByteArray("{\"n\":") + QByteArray::number(i) + ",\"protocol\":[\"tcp\"]}";
}

api::LiveApiConfig loopbackConfig(const QString &token = {})
{
    api::LiveApiConfig config;
    config.port = 0;
    config.token = token;
    config.streamBatchMs = 5;
    config.streamBatchRecords = 100;
    return config;
}
} // namespace

class TestLiveApiServer : public QObject {
    Q_OBJECT

private slots:
    void statsWithoutToken()
    {
        api::RecordHistory history(10);
        api::LiveApiSources sources;
        sources.stats = [] { return QJsonObject{{"packets", 42}, {"threads", QJsonArray{QJsonObject{{"thread", 0}}}}}; };
        api::LiveApiServer server(loopbackConfig(), sources, history);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const Reply r = get(server.port(), "/api/v1/stats");
        QCOMPARE(r.status, 200);
        const QJsonObject stats = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(stats.value("packets").toInt(), 42);
        QCOMPARE(stats.value("api").toObject().value("requests").toInt(), 1);
        QCOMPARE(get(server.port(), "/api/v1/nothing").status, 404);
    }

    void tokenIsChecked_data()
    {
        QTest::addColumn<QByteArray>("presented");
        QTest::addColumn<int>("status");
        QTest::newRow("missing") << QByteArray() << 401;
        QTest::newRow("wrong") << QByteArray("s3cret-not") << 401;
        QTest::newRow("prefix") << QByteArray("s3cre") << 401;
        QTest::newRow("right") << QByteArray("s3cret") << 200;
    }
    void tokenIsChecked()
    {
        QFETCH(QByteArray, presented);
        QFETCH(int, status);
        api::RecordHistory history(10);
        api::LiveApiServer server(loopbackConfig("s3cret"), {}, history);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        for (const char *path : {"/api/v1/stats", "/api/v1/records", "/api/v1/sessions/open", "/api/v1/sessions/x/packets"}) {
            const Reply r = get(server.port(), path, presented);
            // Authorized requests to endpoints without a source answer 404, never 401.
            QCOMPARE(r.status == 401, status == 401);
            if (status == 401)
                QVERIFY(r.body.contains("Authorization: Bearer"));
        }
        QCOMPARE(server.counters().unauthorized, status == 401 ? 4u : 0u);
    }

    void publicAddressNeedsToken()
    {
        api::RecordHistory history(10);
        api::LiveApiConfig config = loopbackConfig();
        config.address = QHostAddress::AnyIPv4;
        api::LiveApiServer server(config, {}, history);
        QString error;
        QVERIFY(!server.start(&error));
        QVERIFY2(error.contains("needs a token"), qPrintable(error));
        config.token = "t";
        api::LiveApiServer withToken(config, {}, history);
        QVERIFY2(withToken.start(&error), qPrintable(error));
    }

    void recordsPassThroughToTheRealSink()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("out.jsonl");
        engine::JsonLinesSink file;
        QVERIFY2(file.open(path.toStdString()), file.error().c_str());
        api::RecordHistory history(3);
        int notified = 0;
        api::TappedSink tap(file, history, [&] { ++notified; });
        for (int i = 1; i <= 5; ++i)
            QVERIFY(tap.write(record(i).toStdString()));
        QVERIFY(tap.flush());
        QCOMPARE(notified, 5);
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll().count('\n'), 5);

        api::LiveApiServer server(loopbackConfig(), {}, history);
        QString serr;
        QVERIFY(server.start(&serr));
        // Capacity 3: records 1 and 2 fell out; asking from the start says so.
        QJsonObject all = QJsonDocument::fromJson(get(server.port(), "/api/v1/records?after=0").body).object();
        QCOMPARE(all.value("missed").toInt(), 2);
        QCOMPARE(all.value("first").toInt(), 3);
        QCOMPARE(all.value("next").toInt(), 6);
        QCOMPARE(all.value("records").toArray().size(), 3);
        QCOMPARE(all.value("records").toArray()[0].toObject().value("n").toInt(), 3);
        QJsonObject tail = QJsonDocument::fromJson(get(server.port(), "/api/v1/records?after=4&limit=10").body).object();
        QCOMPARE(tail.value("missed").toInt(), 0);
        QCOMPARE(tail.value("records").toArray().size(), 1);
        QCOMPARE(tail.value("records").toArray()[0].toObject().value("n").toInt(), 5);
        QJsonObject none = QJsonDocument::fromJson(get(server.port(), "/api/v1/records?after=5").body).object();
        QCOMPARE(none.value("records").toArray().size(), 0);
        QCOMPARE(none.value("next").toInt(), 6);
    }

    void sourcesAnswer()
    {
        api::RecordHistory history(10);
        api::LiveApiSources sources;
        sources.openSessions = [](int limit) {
            QJsonArray out;
            for (int i = 0; i < std::min(limit, 7); ++i)
                out.append(QJsonObject{{"id", i}});
            return out;
        };
        sources.sessionPackets = [](const QString &id, QString *error) -> std::optional<QByteArray> {
            if (id == "known" || id == "1:ab/c+d=")
                return QByteArray("\xd4\xc3\xb2\xa1", 4);
            *error = "no session " + id;
            return std::nullopt;
        };
        api::LiveApiServer server(loopbackConfig(), sources, history);
        QString error;
        QVERIFY(server.start(&error));
        QCOMPARE(QJsonDocument::fromJson(get(server.port(), "/api/v1/sessions/open?limit=3").body).array().size(), 3);
        const Reply pcap = get(server.port(), "/api/v1/sessions/known/packets");
        QCOMPARE(pcap.status, 200);
        QCOMPARE(pcap.contentType, QByteArray("application/vnd.tcpdump.pcap"));
        QCOMPARE(pcap.body.size(), 4);
        // Community ids hold '/' and '+': they go in the query, percent-encoded.
        QCOMPARE(get(server.port(), "/api/v1/packets?session=1%3Aab%2Fc%2Bd%3D").status, 200);
        QCOMPARE(get(server.port(), "/api/v1/packets?session=known").body.size(), 4);
        const Reply missing = get(server.port(), "/api/v1/sessions/other/packets");
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.body.contains("no session other"));
    }

    // The writer thread appends while a client streams: every record arrives once, in order.
    void streamDeliversEveryRecordInOrder()
    {
        api::RecordHistory history(100000);
        api::LiveApiServer server(loopbackConfig("tok"), {}, history);
        QString error;
        QVERIFY(server.start(&error));

        QWebSocket client;
        QList<int> seen;
        int missed = 0;
        connect(&client, &QWebSocket::textMessageReceived, [&](const QString &message) {
            const QJsonObject m = QJsonDocument::fromJson(message.toUtf8()).object();
            missed += m.value("missed").toInt();
            for (const QJsonValue &r : m.value("records").toArray())
                seen.append(r.toObject().value("n").toInt());
        });
        QNetworkRequest request(QUrl(QString("ws://127.0.0.1:%1/api/v1/stream?after=0").arg(server.port())));
        request.setRawHeader("Authorization", "Bearer tok");
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(request);
        QVERIFY(connected.wait(10000));
        QTRY_COMPARE(server.counters().streamClients, 1u);

        struct NullSink : engine::RecordSink {
            bool write(const std::string &) override { return true; }
            bool flush() override { return true; }
            std::string error() const override { return {}; }
        } null;
        api::TappedSink tap(null, history, [&server] { server.recordsAvailable(); });
        const int total = 5000;
        std::thread writer([&] {
            for (int i = 1; i <= total; ++i)
                tap.write(record(i).toStdString());
        });
        QTRY_COMPARE_WITH_TIMEOUT(seen.size(), total, 20000);
        writer.join();
        QCOMPARE(missed, 0);
        for (int i = 0; i < total; ++i)
            QCOMPARE(seen[i], i + 1);
        QVERIFY(server.counters().streamMessages >= uint64_t(total / 100));
        client.close();
        QTRY_COMPARE(server.counters().streamClients, 0u);
    }

    // A daemon shutting down with a client still attached frees each client once.
    void serverDestroyedWithClientAttached()
    {
        api::RecordHistory history(10);
        auto server = std::make_unique<api::LiveApiServer>(loopbackConfig(), api::LiveApiSources{}, history);
        QString error;
        QVERIFY(server->start(&error));
        QWebSocket client;
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(QUrl(QString("ws://127.0.0.1:%1/api/v1/stream").arg(server->port())));
        QVERIFY(connected.wait(10000));
        QTRY_COMPARE(server->counters().streamClients, 1u);
        server.reset();
        QSignalSpy gone(&client, &QWebSocket::disconnected);
        QVERIFY(client.state() == QAbstractSocket::UnconnectedState || gone.wait(10000));
    }

    void streamRefusesWrongToken()
    {
        api::RecordHistory history(10);
        api::LiveApiServer server(loopbackConfig("tok"), {}, history);
        QString error;
        QVERIFY(server.start(&error));
        QWebSocket client;
        QNetworkRequest request(QUrl(QString("ws://127.0.0.1:%1/api/v1/stream").arg(server.port())));
        request.setRawHeader("Authorization", "Bearer nope");
        QSignalSpy closed(&client, &QWebSocket::disconnected);
        client.open(request);
        QVERIFY(closed.wait(10000));
        QCOMPARE(client.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QCOMPARE(server.counters().unauthorized, 1u);
        QCOMPARE(server.counters().streamClients, 0u);
    }

    void statusCommandPrintsTables()
    {
        api::RecordHistory history(10);
        api::LiveApiSources sources;
        sources.stats = [] {
            return QJsonObject{{"packets", 1234},
                               {"drops", QJsonObject{{"kernel", 5}, {"queue", 0}}},
                               {"threads", QJsonArray{QJsonObject{{"thread", 0}, {"packets", 600}},
                                                      QJsonObject{{"thread", 1}, {"packets", 634}}}}};
        };
        api::LiveApiServer server(loopbackConfig("tok"), sources, history);
        QString error;
        QVERIFY(server.start(&error));
        const QString url = QString("http://127.0.0.1:%1").arg(server.port());

        auto status = [&](const QStringList &args) {
            QProcess p;
            p.start(LUACAP_BINARY, QStringList{"status", "--api", url} + args);
            QSignalSpy done(&p, &QProcess::finished);
            done.wait(20000);   // spins this thread's loop, so the server answers meanwhile
            return std::make_pair(p.exitCode(), p.readAllStandardOutput() + p.readAllStandardError());
        };
        auto [code, out] = status({"--token", "tok"});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains("packets") && out.contains("1234"), out.constData());
        QVERIFY2(out.contains("drops.kernel") && out.contains("threads:"), out.constData());
        QVERIFY2(out.contains("634"), out.constData());
        auto [refused, text] = status({"--token", "bad"});
        QCOMPARE(refused, 1);
        QVERIFY2(text.contains("401"), text.constData());
        auto [jsonCode, json] = status({"--token", "tok", "--json"});
        QCOMPARE(jsonCode, 0);
        QCOMPARE(QJsonDocument::fromJson(json).object().value("packets").toInt(), 1234);
    }

    void statusReportsUnreachableDaemon()
    {
        QProcess p;
        p.start(LUACAP_BINARY, {"status", "--api", "http://127.0.0.1:1", "--timeout", "2000"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("luacap status: http://127.0.0.1:1"));
    }
};

QTEST_GUILESS_MAIN(TestLiveApiServer)
#include "tst_live_api_server.moc"

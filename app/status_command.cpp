// `luacap status` (main thread): GET /api/v1/stats from the daemon's live API and print it as
// a table: scalar counters as "name value" lines (nested objects flattened with dots), and
// arrays of objects (threads, interfaces) as tables over the union of their keys.
#include "status_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <cstdio>

#include "live_api_config.h"

namespace luacap::app {

namespace {
QString scalarText(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d, 'f', 2);
    }
    if (v.isBool())
        return v.toBool() ? "true" : "false";
    if (v.isString())
        return v.toString();
    return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                                 .toJson(QJsonDocument::Compact));
}

bool isTable(const QJsonValue &v)
{
    if (!v.isArray() || v.toArray().isEmpty())
        return false;
    for (const QJsonValue &row : v.toArray())
        if (!row.isObject())
            return false;
    return true;
}

void printScalars(const QJsonObject &object, const QString &prefix, QList<QPair<QString, QJsonValue>> &tables)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString name = prefix + it.key();
        if (it.value().isObject())
            printScalars(it.value().toObject(), name + ".", tables);
        else if (isTable(it.value()))
            tables.append({name, it.value()});
        else
            std::printf("  %-28s %s\n", qPrintable(name), qPrintable(scalarText(it.value())));
    }
}

void printTable(const QString &name, const QJsonArray &rows)
{
    QStringList columns;
    for (const QJsonValue &row : rows)
        for (const QString &key : row.toObject().keys())
            if (!columns.contains(key))
                columns.append(key);
    QList<int> widths;
    for (const QString &c : columns) {
        int w = int(c.size());
        for (const QJsonValue &row : rows)
            w = std::max(w, int(scalarText(row.toObject().value(c)).size()));
        widths.append(w);
    }
    std::printf("\n%s:\n", qPrintable(name));
    QString header = " ";
    for (int i = 0; i < columns.size(); ++i)
        header += " " + columns[i].rightJustified(widths[i]);
    std::printf("%s\n", qPrintable(header));
    for (const QJsonValue &row : rows) {
        QString line = " ";
        for (int i = 0; i < columns.size(); ++i)
            line += " " + scalarText(row.toObject().value(columns[i])).rightJustified(widths[i]);
        std::printf("%s\n", qPrintable(line));
    }
}

// GET url with the token; the body, or an empty optional with *error.
std::optional<QByteArray> fetch(const QUrl &url, const QString &token, int timeoutMs, QString *error)
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader(api::kAuthorizationHeader, "Bearer " + token.toUtf8());
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 401) {
        *error = "the daemon refused the token (401): pass --token or set LUACAP_API_TOKEN";
        return std::nullopt;
    }
    if (reply->error() != QNetworkReply::NoError) {
        *error = reply->errorString();
        return std::nullopt;
    }
    return body;
}
} // namespace

int runStatus(QCoreApplication &app)
{
    Q_UNUSED(app);
    QCommandLineParser parser;
    parser.setApplicationDescription("Print a running luacap capture daemon's stats (its live API, docs/live-api.md).");
    parser.addHelpOption();
    parser.addOption({"api", "The daemon's live API (default http://127.0.0.1:8417).", "URL", "http://127.0.0.1:8417"});
    parser.addOption({"token", "API token (default: $LUACAP_API_TOKEN).", "TOKEN"});
    parser.addOption({"json", "Print the stats as one JSON object instead of a table."});
    parser.addOption({"timeout", "Give up after this many milliseconds (default 5000).", "MS", "5000"});
    QStringList args = QCoreApplication::arguments();
    args.removeAt(1);   // the command name
    if (!parser.parse(args)) {
        std::fprintf(stderr, "luacap status: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet("help")) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    const QString token = parser.isSet("token") ? parser.value("token") : qEnvironmentVariable("LUACAP_API_TOKEN");
    const QUrl base(parser.value("api"));
    QString error;
    const std::optional<QByteArray> body = fetch(base.resolved(QUrl("/api/v1/stats")), token,
                                                 parser.value("timeout").toInt(), &error);
    if (!body) {
        std::fprintf(stderr, "luacap status: %s: %s\n", qPrintable(base.toString()), qPrintable(error));
        return 1;
    }
    const QJsonObject stats = QJsonDocument::fromJson(*body).object();
    if (stats.isEmpty()) {
        std::fprintf(stderr, "luacap status: %s did not answer with a stats object\n", qPrintable(base.toString()));
        return 1;
    }
    if (parser.isSet("json")) {
        std::printf("%s\n", QJsonDocument(stats).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("luacap daemon at %s\n", qPrintable(base.toString()));
    QList<QPair<QString, QJsonValue>> tables;
    printScalars(stats, QString(), tables);
    for (const auto &[name, rows] : tables)
        printTable(name, rows.toArray());
    return 0;
}

} // namespace luacap::app

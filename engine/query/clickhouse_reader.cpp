// ClickHouseReader implementation (main thread).
#include "query/clickhouse_reader.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include "query/sql_translator.h"

namespace luacap::engine {

namespace {
QByteArray post(const QString &baseUrl, const QString &query, std::string *error)
{
    QUrl url(baseUrl);
    QUrlQuery params(url);
    params.addQueryItem("query", query);
    url.setQuery(params);
    QNetworkRequest request(url);
    request.setTransferTimeout(60000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(request, QByteArray());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray body = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200)
        *error = "ClickHouse " + baseUrl.toStdString() + ": " +
                 (status ? "HTTP " + std::to_string(status) + ": " + body.left(500).trimmed().toStdString()
                         : reply->errorString().toStdString());
    delete reply;
    return error->empty() ? body : QByteArray();
}
} // namespace

bool ClickHouseReader::select(const SqlFilter &filter, int64_t limit, const StoredSessionCallback &callback,
                              std::string *error)
{
    QString sql = "SELECT json FROM " + table_;
    if (!filter.where.empty())
        sql += " WHERE " + QString::fromStdString(SqlTranslator::inlineClickHouse(filter));
    sql += " ORDER BY firstPacket, srcIp, dstIp, srcPort, dstPort";
    if (limit >= 0)
        sql += " LIMIT " + QString::number(limit);
    sql += " FORMAT JSONEachRow";
    error->clear();
    const QByteArray body = post(url_, sql, error);
    if (!error->empty())
        return false;
    StoredSession session;
    for (const QByteArray &line : body.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        session.json = QJsonDocument::fromJson(line).object().value("json").toString().toStdString();
        session.row.parse(session.json);
        callback(session);
    }
    return true;
}

} // namespace luacap::engine

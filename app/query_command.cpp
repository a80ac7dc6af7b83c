// `luacap query` (main thread): parse the filter, compile it to parameterised SQL, run it on
// the chosen store and print JSON lines or a table.
#include "query_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <cstdio>

#include "query/clickhouse_reader.h"
#include "query/filter_parser.h"
#include "query/sql_translator.h"
#include "query/sqlite_reader.h"
#include "sink_spec.h"

namespace luacap::app {

namespace {
const char *kDescription =
    "Print the session records stored by `luacap replay --sink sqlite:FILE` (or clickhouse:URL)\n"
    "that match EXPR, oldest first. EXPR compares fields with == != < <= > >= and combines\n"
    "them with && || ! and parentheses. Fields: ip ip.src ip.dst port port.src port.dst\n"
    "protocol tags ipProtocol packets bytes databytes starttime stoptime node communityId.\n"
    "Times are milliseconds since the epoch or ISO 8601 (UTC unless an offset is given).\n"
    "Example: ip == 10.0.0.1 && (protocol == http || port.dst == 8080)";

int usageError(const std::string &message)
{
    std::fprintf(stderr, "luacap query: %s (try luacap query --help)\n", message.c_str());
    return 2;
}

std::string endpoint(const engine::SessionRow &r, bool source)
{
    const std::string &ip = source ? r.srcIp : r.dstIp;
    const int port = source ? r.srcPort : r.dstPort;
    return ip.find(':') != std::string::npos ? "[" + ip + "]:" + std::to_string(port) : ip + ":" + std::to_string(port);
}

void printTableHeader()
{
    std::printf("%-23s %8s %5s %-45s %-45s %8s %10s  %s\n", "start (UTC)", "ms", "proto", "source", "destination",
                "packets", "bytes", "protocols [tags]");
}

void printTableRow(const engine::StoredSession &s)
{
    const engine::SessionRow &r = s.row;
    const QString start = QDateTime::fromMSecsSinceEpoch(r.firstPacket, QTimeZone::utc()).toString(Qt::ISODateWithMs);
    std::string protocols = r.protocols;
    if (!r.tags.empty())
        protocols += " [" + r.tags + "]";
    std::printf("%-23s %8lld %5d %-45s %-45s %8lld %10lld  %s\n", qPrintable(start.left(23)),
                static_cast<long long>(r.lastPacket - r.firstPacket), r.ipProtocol, endpoint(r, true).c_str(),
                endpoint(r, false).c_str(), static_cast<long long>(r.packets), static_cast<long long>(r.bytes),
                protocols.c_str());
}

struct QueryArgs {
    QString db;
    QString clickhouse;
    QString format = "json";
    int64_t limit = -1;
    std::string expression;
};

int parseArgs(QueryArgs &a)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    parser.addOptions({
        {"db", "SQLite database written by --sink sqlite:FILE.", "FILE"},
        {"clickhouse", "ClickHouse HTTP URL, optionally followed by ,table=NAME (default sessions).", "URL"},
        {"format", "json (one stored record per line, default) or table.", "FORMAT", "json"},
        {"limit", "Print at most N records.", "N"},
    });
    parser.addPositionalArgument("EXPR", "Filter expression (all records when left out).", "[EXPR]");
    QStringList args = QCoreApplication::arguments();
    args.removeAt(1);
    if (!parser.parse(args))
        return usageError(parser.errorText().toStdString());
    if (parser.isSet("help")) {
        std::printf("%s", qPrintable(parser.helpText().replace(args.first(), "luacap query")));
        return 0;
    }
    a.db = parser.value("db");
    a.clickhouse = parser.value("clickhouse");
    a.format = parser.value("format");
    if (a.db.isEmpty() == a.clickhouse.isEmpty())
        return usageError("give exactly one of --db FILE and --clickhouse URL");
    if (a.format != "json" && a.format != "table")
        return usageError("--format must be json or table");
    if (parser.isSet("limit")) {
        bool ok = false;
        a.limit = parser.value("limit").toLongLong(&ok);
        if (!ok || a.limit < 0)
            return usageError("--limit needs a number >= 0");
    }
    if (parser.positionalArguments().size() > 1)
        return usageError("give the expression as one argument (quote it)");
    a.expression = parser.positionalArguments().value(0).toStdString();
    return -1;
}

bool compile(const std::string &expression, engine::SqlDialect dialect, engine::SqlFilter &filter, std::string *error)
{
    if (expression.find_first_not_of(" \t\r\n") == std::string::npos)
        return true;   // no expression: every record
    engine::FilterParser parser;
    const std::unique_ptr<engine::FilterNode> root = parser.parse(expression, error);
    return root && engine::SqlTranslator(dialect).translate(*root, filter, error);
}

bool runSelect(const QueryArgs &a, const engine::SqlFilter &filter, const engine::StoredSessionCallback &print,
               std::string *error)
{
    if (!a.db.isEmpty()) {
        engine::SqliteReader reader;
        return reader.open(a.db.toStdString(), error) && reader.select(filter, a.limit, print, error);
    }
    const QString url = a.clickhouse.section(',', 0, 0);
    QString table = "sessions";
    for (const QString &item : a.clickhouse.section(',', 1).split(',', Qt::SkipEmptyParts)) {
        if (!item.startsWith("table=")) {
            *error = "unknown --clickhouse option '" + item.toStdString() + "' (known: table=NAME)";
            return false;
        }
        table = item.mid(6);
    }
    return engine::ClickHouseReader(url, table).select(filter, a.limit, print, error);
}
} // namespace

int runQuery(QCoreApplication &)
{
    QueryArgs a;
    const int parsed = parseArgs(a);
    if (parsed >= 0)
        return parsed;
    const auto dialect = a.db.isEmpty() ? engine::SqlDialect::ClickHouse : engine::SqlDialect::Sqlite;
    engine::SqlFilter filter;
    std::string error;
    if (!compile(a.expression, dialect, filter, &error)) {
        std::fprintf(stderr, "luacap query: bad expression: %s\n  %s\n", error.c_str(), a.expression.c_str());
        return 2;
    }
    const bool table = a.format == "table";
    if (table)
        printTableHeader();
    const auto print = [table](const engine::StoredSession &s) {
        if (table)
            printTableRow(s);
        else
            std::printf("%s\n", s.json.c_str());
    };
    if (!runSelect(a, filter, print, &error)) {
        std::fprintf(stderr, "luacap query: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

} // namespace luacap::app

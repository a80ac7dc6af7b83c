// `luacap packets` (main thread): select records (SQLite database, or a JSON-lines file loaded
// into a temporary one so both take the same filter), read the packets their packetPos
// points at from pcapDir, and write them time-ordered as one pcap.
#include "packets_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>
#include <memory>

#include "pcapstore/stored_packet_reader.h"
#include "query/filter_parser.h"
#include "query/sql_translator.h"
#include "query/sqlite_reader.h"
#include "records/sqlite_sink.h"

namespace luacap::app {

namespace {
const char *kDescription =
    "Write the packets of stored sessions as one pcap file, oldest first. Sessions are chosen\n"
    "by community id (--session, the id the live API and the viewer use; every record of that\n"
    "flow counts) or by a `luacap query` filter (--filter), from an SQLite database (--db) or a\n"
    "JSON-lines file (--records). Packets are read from the pcap files `luacap capture` wrote\n"
    "to pcapDir (--pcap-dir).";

struct PacketsArgs {
    QString session, filter, db, records, pcapDir, output;
};

int usageError(const std::string &message)
{
    std::fprintf(stderr, "luacap packets: %s (try luacap packets --help)\n", message.c_str());
    return 2;
}

int fail(const std::string &message)
{
    std::fprintf(stderr, "luacap packets: %s\n", message.c_str());
    return 1;
}

int parseArgs(PacketsArgs &a)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    parser.addHelpOption();
    parser.addOptions({
        {"session", "The session's community id (network.community_id).", "ID"},
        {"filter", "A `luacap query` expression selecting the sessions.", "EXPR"},
        {"db", "SQLite database written by --sink sqlite:FILE.", "FILE"},
        {"records", "JSON-lines records written by --sink json / --output FILE.", "FILE"},
        {"pcap-dir", "The pcapDir the packets were written to.", "DIR"},
        {{"w", "write"}, "pcap file to write; - is standard output.", "FILE"},
    });
    QStringList args = QCoreApplication::arguments();
    args.removeAt(1);
    if (!parser.parse(args))
        return usageError(parser.errorText().toStdString());
    if (parser.isSet("help")) {
        std::printf("%s", qPrintable(parser.helpText().replace(args.first(), "luacap packets")));
        return 0;
    }
    a = {parser.value("session"), parser.value("filter"), parser.value("db"), parser.value("records"),
         parser.value("pcap-dir"), parser.value("write")};
    if (a.session.isEmpty() && a.filter.isEmpty())
        return usageError("give --session ID or --filter EXPR");
    if (a.db.isEmpty() == a.records.isEmpty())
        return usageError("give exactly one of --db FILE and --records FILE");
    if (a.pcapDir.isEmpty())
        return usageError("give --pcap-dir DIR");
    if (a.output.isEmpty())
        return usageError("give -w FILE");
    return -1;
}

// --session and --filter as one expression of the query language.
std::string expression(const PacketsArgs &a)
{
    std::string text;
    if (!a.session.isEmpty())
        text = "communityId == \"" + a.session.toStdString() + "\"";
    if (!a.filter.isEmpty())
        text += (text.empty() ? "(" : " && (") + a.filter.toStdString() + ")";
    return text;
}

// The JSON-lines records in a temporary SQLite file, so the same filter code selects them.
bool loadRecords(const QString &path, const QTemporaryDir &tmp, std::string *dbPath, std::string *error)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return *error = path.toStdString() + ": " + in.errorString().toStdString(), false;
    *dbPath = tmp.filePath("records.sqlite").toStdString();
    engine::SqliteSink sink;
    if (!sink.open(*dbPath))
        return *error = sink.error(), false;
    while (!in.atEnd()) {
        const QByteArray line = in.readLine().trimmed();
        if (!line.isEmpty() && !sink.write(line.toStdString()))
            return *error = path.toStdString() + ": " + sink.error(), false;
    }
    return sink.flush() || (*error = sink.error(), false);
}

bool selectRecords(const PacketsArgs &a, const engine::StoredSessionCallback &each, std::string *error)
{
    const std::string text = expression(a);
    engine::FilterParser parser;
    const std::unique_ptr<engine::FilterNode> root = parser.parse(text, error);
    engine::SqlFilter filter;
    if (!root || !engine::SqlTranslator(engine::SqlDialect::Sqlite).translate(*root, filter, error))
        return *error = "bad expression: " + *error + "\n  " + text, false;
    QTemporaryDir tmp;
    std::string db = a.db.toStdString();
    if (!a.records.isEmpty() && !loadRecords(a.records, tmp, &db, error))
        return false;
    engine::SqliteReader reader;
    return reader.open(db, error) && reader.select(filter, -1, each, error);
}

bool writeOutput(const QString &path, const std::string &pcap, std::string *error)
{
    QFile out;
    const bool opened = path == "-" ? out.open(stdout, QIODevice::WriteOnly) : (out.setFileName(path), out.open(QIODevice::WriteOnly));
    if (!opened || out.write(pcap.data(), qint64(pcap.size())) != qint64(pcap.size()) || !out.flush())
        return *error = path.toStdString() + ": " + out.errorString().toStdString(), false;
    return true;
}
} // namespace

int runPackets(QCoreApplication &)
{
    PacketsArgs a;
    const int parsed = parseArgs(a);
    if (parsed >= 0)
        return parsed;
    engine::StoredPacketReader packets;
    std::string error;
    if (!packets.open(a.pcapDir.toStdString(), &error))
        return fail(error);
    size_t sessions = 0;
    std::string readError;
    const auto each = [&](const engine::StoredSession &s) {
        ++sessions;
        if (readError.empty() && !packets.addRecord(s.json, &readError))
            readError = "session " + s.row.communityId + ": " + readError;
    };
    if (!selectRecords(a, each, &error))
        return fail(error);
    if (!readError.empty())
        return fail(readError);
    if (sessions == 0)
        return fail(a.session.isEmpty() ? "no session matches the filter" : "unknown session " + a.session.toStdString());
    std::string pcap;
    if (!packets.toPcap(pcap, &error) || !writeOutput(a.output, pcap, &error))
        return fail(error);
    std::fprintf(stderr, "luacap packets: %zu packets of %zu sessions written to %s\n", packets.packetCount(), sessions,
                 qPrintable(a.output));
    return 0;
}

} // namespace luacap::app

// SqliteReader implementation (main thread).
#include "query/sqlite_reader.h"

#include <sqlite3.h>

namespace luacap::engine {

namespace {
std::string columnText(sqlite3_stmt *s, int i)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(s, i));
    return p ? std::string(p, size_t(sqlite3_column_bytes(s, i))) : std::string();
}

void readRow(sqlite3_stmt *s, StoredSession &out)
{
    SessionRow &r = out.row;
    r.firstPacket = sqlite3_column_int64(s, 0);
    r.lastPacket = sqlite3_column_int64(s, 1);
    r.ipProtocol = sqlite3_column_int(s, 2);
    r.srcIp = columnText(s, 3);
    r.srcPort = sqlite3_column_int(s, 4);
    r.dstIp = columnText(s, 5);
    r.dstPort = sqlite3_column_int(s, 6);
    r.packets = sqlite3_column_int64(s, 7);
    r.bytes = sqlite3_column_int64(s, 8);
    r.dataBytes = sqlite3_column_int64(s, 9);
    r.protocols = columnText(s, 10);
    r.tags = columnText(s, 11);
    r.node = columnText(s, 12);
    r.communityId = columnText(s, 13);
    out.json = columnText(s, 14);
}

bool bind(sqlite3_stmt *s, const SqlFilter &filter)
{
    int i = 1;
    for (const SqlParam &p : filter.params) {
        const int rc = p.isText ? sqlite3_bind_text(s, i, p.text.c_str(), int(p.text.size()), SQLITE_TRANSIENT)
                                : sqlite3_bind_int64(s, i, p.number);
        if (rc != SQLITE_OK)
            return false;
        ++i;
    }
    return true;
}
} // namespace

SqliteReader::~SqliteReader() { sqlite3_close(db_); }

bool SqliteReader::open(const std::string &path, std::string *error)
{
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db_, 5000);
        return true;
    }
    *error = path + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    return false;
}

bool SqliteReader::select(const SqlFilter &filter, int64_t limit, const StoredSessionCallback &callback,
                          std::string *error)
{
    std::string sql = "SELECT firstPacket, lastPacket, ipProtocol, srcIp, srcPort, dstIp, dstPort, packets, bytes,"
                      " dataBytes, protocols, tags, node, communityId, json FROM sessions";
    if (!filter.where.empty())
        sql += " WHERE " + filter.where;
    sql += " ORDER BY firstPacket, id";
    if (limit >= 0)
        sql += " LIMIT " + std::to_string(limit);
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK || !bind(s, filter)) {
        *error = std::string("query failed: ") + sqlite3_errmsg(db_);
        sqlite3_finalize(s);
        return false;
    }
    int rc;
    StoredSession row;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        readRow(s, row);
        callback(row);
    }
    if (rc != SQLITE_DONE)
        *error = std::string("query failed: ") + sqlite3_errmsg(db_);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE;
}

} // namespace luacap::engine

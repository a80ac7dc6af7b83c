// SqliteSink implementation (writer thread). libsqlite3 directly, so the writer thread needs
// no Qt SQL driver or connection registry.
#include "records/sqlite_sink.h"

#include <sqlite3.h>

#include "records/session_row.h"
#include "records/sqlite_schema.h"

namespace luacap::engine {

SqliteSink::SqliteSink(SqliteSinkOptions options) : options_(options) {}

SqliteSink::~SqliteSink()
{
    flush();
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
}

bool SqliteSink::fail(const std::string &what)
{
    error_ = path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    return false;
}

bool SqliteSink::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    error_ = path_ + ": " + (message ? message : "error") + " (in: " + std::string(sql).substr(0, 60) + ")";
    sqlite3_free(message);
    return false;
}

bool SqliteSink::open(const std::string &path)
{
    path_ = path;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
        return fail("cannot open database");
    sqlite3_busy_timeout(db_, options_.busyTimeoutMs);
    // journal_mode is the first statement that touches the file: a non-database file fails here.
    if (!exec("PRAGMA journal_mode=WAL") || !exec("PRAGMA synchronous=NORMAL") ||
        !exec("PRAGMA cache_size=-32768"))   // 32 MiB: keeps the index pages of a batch in memory
        return false;
    if (options_.maxPages > 0 &&
        !exec(("PRAGMA max_page_count=" + std::to_string(options_.maxPages)).c_str()))
        return false;
    if (!createSchema() || !checkVersion())
        return false;
    if (sqlite3_prepare_v3(db_, sqlite::kInsert, -1, SQLITE_PREPARE_PERSISTENT, &insert_, nullptr) != SQLITE_OK)
        return fail("cannot prepare insert");
    return true;
}

bool SqliteSink::createSchema()
{
    if (!exec("BEGIN IMMEDIATE"))
        return false;
    for (const char *sql : sqlite::kSchema) {
        if (!exec(sql)) {
            exec("ROLLBACK");
            return false;
        }
    }
    return exec(sqlite::kSetVersion) && exec("COMMIT");
}

bool SqliteSink::checkVersion()
{
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "SELECT max(version) FROM schema_version", -1, &stmt, nullptr) != SQLITE_OK)
        return fail("cannot read schema version");
    const int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
    sqlite3_finalize(stmt);
    if (version != kSchemaVersion) {
        error_ = path_ + ": schema version " + std::to_string(version) + ", this luacap writes version " +
                 std::to_string(kSchemaVersion);
        return false;
    }
    return true;
}

bool SqliteSink::insert(const std::string &json)
{
    SessionRow row;
    if (!row.parse(json)) {
        error_ = "record is not a JSON object";
        return false;
    }
    sqlite3_stmt *s = insert_;
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, row.firstPacket);
    sqlite3_bind_int64(s, 2, row.lastPacket);
    sqlite3_bind_int(s, 3, row.ipProtocol);
    sqlite3_bind_text(s, 4, row.srcIp.c_str(), int(row.srcIp.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 5, row.srcPort);
    sqlite3_bind_text(s, 6, row.dstIp.c_str(), int(row.dstIp.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 7, row.dstPort);
    sqlite3_bind_int64(s, 8, row.packets);
    sqlite3_bind_int64(s, 9, row.bytes);
    sqlite3_bind_int64(s, 10, row.dataBytes);
    sqlite3_bind_text(s, 11, row.protocols.c_str(), int(row.protocols.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 12, row.tags.c_str(), int(row.tags.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 13, row.node.c_str(), int(row.node.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 14, row.communityId.c_str(), int(row.communityId.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 15, json.c_str(), int(json.size()), SQLITE_STATIC);
    const bool ok = sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
    return ok || fail("insert failed");
}

bool SqliteSink::write(const std::string &json)
{
    if (!db_) {
        error_ = "database not open";
        return false;
    }
    if (!inTransaction_) {
        if (!exec("BEGIN IMMEDIATE"))
            return false;
        inTransaction_ = true;
    }
    if (!insert(json)) {
        // SQLite may have rolled the batch back itself (SQLITE_FULL): keep our state in step.
        if (sqlite3_get_autocommit(db_)) {
            lostAccepted_ += uint64_t(pending_);
            inTransaction_ = false;
            pending_ = 0;
        }
        return false;
    }
    if (++pending_ >= options_.batchSize)
        return flush();
    return true;
}

bool SqliteSink::flush()
{
    if (lostAccepted_ > 0) {
        // Records write() had accepted went with a rolled-back batch: say so once.
        lostAccepted_ = 0;
        return false;
    }
    if (!db_ || !inTransaction_)
        return true;
    const std::string earlier = error_;   // the first failure explains the rest
    if (!exec("COMMIT")) {
        if (!earlier.empty())
            error_ = earlier;
        // A failed COMMIT (disk full) may leave the transaction open: roll it back so the
        // file stays at the last committed batch.
        if (!sqlite3_get_autocommit(db_))
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        inTransaction_ = false;
        pending_ = 0;
        return false;
    }
    inTransaction_ = false;
    committed_ += uint64_t(pending_);
    pending_ = 0;
    return true;
}

} // namespace luacap::engine

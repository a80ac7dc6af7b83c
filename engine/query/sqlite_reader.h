// SqliteReader: runs a compiled filter against a database written by SqliteSink, read-only
// (main thread of `luacap query`; safe while a daemon appends, thanks to WAL).
#pragma once

#include <cstdint>
#include <string>

#include "query/sql_filter.h"
#include "query/stored_session.h"

struct sqlite3;

namespace luacap::engine {

class SqliteReader {
public:
    ~SqliteReader();
    bool open(const std::string &path, std::string *error);
    // Calls back for each match in time order (at most limit rows; limit < 0 means all).
    bool select(const SqlFilter &filter, int64_t limit, const StoredSessionCallback &callback, std::string *error);

private:
    sqlite3 *db_ = nullptr;
};

} // namespace luacap::engine

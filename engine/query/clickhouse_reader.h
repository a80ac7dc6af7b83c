// ClickHouseReader: runs a compiled filter against the table ClickHouseSink writes, over the
// HTTP interface (main thread of `luacap query`; blocks in a local event loop).
#pragma once

#include <QString>
#include <cstdint>
#include <string>

#include "query/sql_filter.h"
#include "query/stored_session.h"

namespace luacap::engine {

class ClickHouseReader {
public:
    ClickHouseReader(const QString &url, const QString &table) : url_(url), table_(table) {}
    bool select(const SqlFilter &filter, int64_t limit, const StoredSessionCallback &callback, std::string *error);

private:
    QString url_;
    QString table_;
};

} // namespace luacap::engine

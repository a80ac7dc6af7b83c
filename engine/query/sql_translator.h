// SqlTranslator: compiles a FilterNode tree to a parameterised WHERE clause over the sessions
// table's typed columns, for SQLite or ClickHouse (which differ only in the "contains" test
// for comma-separated lists). Values are checked here (IP, number, time) with their position.
#pragma once

#include <string>

#include "query/filter_node.h"
#include "query/sql_filter.h"

namespace luacap::engine {

enum class SqlDialect { Sqlite, ClickHouse };

class SqlTranslator {
public:
    explicit SqlTranslator(SqlDialect dialect) : dialect_(dialect) {}
    // False with *error ("position 12: ...") for an unknown field or a bad value.
    bool translate(const FilterNode &root, SqlFilter &out, std::string *error);

    // ClickHouse's HTTP interface in 18.x has no bound parameters: substitutes each `?` with
    // the parameter as a quoted, escaped literal (numbers are already integers).
    static std::string inlineClickHouse(const SqlFilter &filter);

private:
    bool node(const FilterNode &n, SqlFilter &out);
    bool compare(const FilterNode &n, SqlFilter &out);
    bool numberColumn(const FilterNode &n, const char *column, SqlFilter &out);
    bool timeColumn(const FilterNode &n, const char *column, SqlFilter &out);
    bool ipColumns(const FilterNode &n, const char *a, const char *b, SqlFilter &out);
    bool portColumns(const FilterNode &n, const char *a, const char *b, SqlFilter &out);
    bool listColumn(const FilterNode &n, const char *column, SqlFilter &out);
    bool textColumn(const FilterNode &n, const char *column, SqlFilter &out);
    bool eitherColumn(const FilterNode &n, const char *a, const char *b, const SqlParam &p, SqlFilter &out);
    bool bad(const FilterNode &n, int position, const std::string &message);

    SqlDialect dialect_;
    std::string error_;
};

} // namespace luacap::engine

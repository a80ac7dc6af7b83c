// RecordFilter: the viewer's filter box. Parses the same expressions as `luacap query`
// (engine/query FilterParser, validated by its SqlTranslator so errors read the same) and
// evaluates them in memory against a record's typed columns. GUI thread.
#pragma once

#include <QString>
#include <cstdint>
#include <memory>
#include <string>

#include "records/session_row.h"

namespace luacap::viewer {

class RecordFilter {
public:
    RecordFilter();
    ~RecordFilter();
    RecordFilter(RecordFilter &&) noexcept;
    RecordFilter &operator=(RecordFilter &&) noexcept;

    // An empty expression matches everything. False with *error ("position 7: ...").
    bool setExpression(const QString &expression, QString *error);
    bool isEmpty() const { return !root_; }
    bool matches(const engine::SessionRow &row) const;

    struct Node;

private:
    std::unique_ptr<Node> root_;
};

} // namespace luacap::viewer

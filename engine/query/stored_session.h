// StoredSession: one row read back from a session store (SQLite or ClickHouse).
#pragma once

#include <functional>
#include <string>

#include "records/session_row.h"

namespace luacap::engine {

struct StoredSession {
    SessionRow row;
    std::string json;
};

using StoredSessionCallback = std::function<void(const StoredSession &)>;

} // namespace luacap::engine

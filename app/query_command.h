// `luacap query`: reads session records back from a SQLite database or ClickHouse with a
// small filter language (main thread).
#pragma once

class QCoreApplication;

namespace luacap::app {

int runQuery(QCoreApplication &app);

} // namespace luacap::app

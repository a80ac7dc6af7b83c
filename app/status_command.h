// `luacap status`: prints a running daemon's stats from its live API as a table.
#pragma once

class QCoreApplication;

namespace luacap::app {

int runStatus(QCoreApplication &app);

} // namespace luacap::app

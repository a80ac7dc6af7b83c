// `luacap test`: runs dissector test cases (captures + Lua + expectations) in-process and
// reports per-session, per-field differences (main thread; cases run on a thread pool).
#pragma once

class QCoreApplication;

namespace luacap::app {

// Parses the arguments after "test", runs the cases; 0 when all pass, 1 otherwise, 2 on usage errors.
int runTest(QCoreApplication &app);

} // namespace luacap::app

// startCore: what the main thread's state does once every file is loaded (LuaRuntime::loadMain):
// run the init functions, then, when some task is registered, start a TaskRunner for them.
#pragma once

#include <memory>
#include <string>

#include "core/task_runner.h"

namespace luacap::luaapi {

class ErrorLog;
class LuaHost;

struct CoreStart {
    bool ok = true;
    std::unique_ptr<TaskRunner> tasks;   // null when no task is registered
};

// Init errors fail start-up (*error); task errors later go to report.
CoreStart startCore(LuaHost &host, ErrorLog &report, std::string *error);

} // namespace luacap::luaapi

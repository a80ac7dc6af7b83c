// coreServices: the single instance, built on first use (the main thread's first Lua state).
#include "core/core_services.h"

namespace luacap::luaapi {

CoreServices &coreServices()
{
    static CoreServices services;
    return services;
}

} // namespace luacap::luaapi

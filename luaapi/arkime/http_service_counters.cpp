// HttpServiceCounters implementation (any thread).
#include "arkime/http_service_counters.h"

namespace luacap::luaapi {

HttpServiceCounters &HttpServiceCounters::instance()
{
    static HttpServiceCounters counters;
    return counters;
}

std::map<std::string, uint64_t> HttpServiceCounters::snapshot() const
{
    if (requests.load() == 0 && rejected.load() == 0)
        return {};
    return {{"httpRequests", requests.load()},
            {"httpRejected", rejected.load()},
            {"httpCallbacks", callbacks.load()},
            {"httpFailures", failures.load()},
            {"httpCallbacksWithoutSession", withoutSession.load()},
            {"httpRetries", retries.load()}};
}

} // namespace luacap::luaapi

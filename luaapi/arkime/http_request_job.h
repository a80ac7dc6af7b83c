// HttpRequestJob: one request on its way from a packet thread's Lua state to the main
// thread's HttpServiceClient, and how its answer goes back (deliver, called on the main thread).
#pragma once

#include <QByteArray>
#include <functional>

namespace luacap::luaapi {

struct HttpRequestJob {
    QByteArray method;
    QByteArray path;   // appended to the host's base URL, already encoded
    QByteArray data;
    // Exactly once: (HTTP status, body), or (0, error text) when no HTTP answer came.
    std::function<void(int code, const QByteArray &body)> deliver;
    size_t attempts = 0;   // hosts tried so far
};

} // namespace luacap::luaapi

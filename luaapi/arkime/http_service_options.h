// HttpServiceOptions: how one ArkimeHttpService talks to its hosts (timeout, TLS trust).
// Filled on a packet thread by ArkimeHttpService.new, read on the main thread.
#pragma once

#include <QString>

namespace luacap::luaapi {

struct HttpServiceOptions {
    int timeoutMs = 30'000;   // whole request; then the callback gets code 0, "timeout ..."
    QString caFile;           // PEM file of extra trusted CAs (a private or self-signed CA)
    bool insecure = false;    // skip certificate verification (explicit opt-in only)

    // What ArkimeHttpService.new starts from: the config keys httpTimeout, caTrustFile and
    // httpInsecure. Set on the main thread before the packet threads start; read-only after.
    static HttpServiceOptions &defaults()
    {
        static HttpServiceOptions d;
        return d;
    }
};

} // namespace luacap::luaapi

// HttpServiceOptions: how one ArkimeHttpService talks to its hosts (timeout, TLS trust).
// Filled on a packet thread by ArkimeHttpService.new, read on the main thread.
#pragma once

#include <QString>

#include "config/http_client_config.h"

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
    // Sets defaults() from the config file's keys; every command that loads Lua calls it.
    static void setDefaults(const engine::HttpClientConfig &config)
    {
        HttpServiceOptions &d = defaults();
        d.caFile = QString::fromStdString(config.caTrustFile);
        d.insecure = config.insecure;
        d.timeoutMs = int(config.timeoutSec * 1000);
    }
};

} // namespace luacap::luaapi

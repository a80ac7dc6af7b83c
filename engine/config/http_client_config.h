// HttpClientConfig: defaults for luacap's outgoing HTTP(S) requests (ArkimeHttpService), from
// the config file: caTrustFile (Arkime's key), httpInsecure, httpTimeout. Main thread, start-up.
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

struct HttpClientConfig {
    std::string caTrustFile;   // PEM file of extra trusted CA certificates; empty: system CAs only
    bool insecure = false;     // skip certificate verification (explicit opt-in)
    int64_t timeoutSec = 30;   // whole request
};

} // namespace luacap::engine

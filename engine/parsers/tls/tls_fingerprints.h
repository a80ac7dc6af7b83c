// TlsFingerprints: JA3, JA3S and JA4 (with its raw form) of hello messages. Packet thread.
#pragma once

#include <string>

#include "parsers/tls/tls_hello.h"

namespace luacap::engine {

class TlsFingerprints {
public:
    static std::string ja3String(const TlsHello &client);
    static std::string ja3sString(const TlsHello &server);
    static std::string md5Hex(const std::string &text);
    // JA4 for TCP ('t') or QUIC ('q'); raw receives the unhashed form (ja4_r).
    static std::string ja4(const TlsHello &client, char transport, std::string &raw);
};

} // namespace luacap::engine

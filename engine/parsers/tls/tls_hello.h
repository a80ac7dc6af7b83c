// TlsHello: the parts of a ClientHello/ServerHello that Arkime reports and fingerprints, and
// TlsHelloReader, which reads them from one handshake message body. Packet thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace luacap::engine {

struct TlsHello {
    uint16_t version = 0;                 // legacy_version
    uint16_t supportedVersion = 0;        // highest non-GREASE supported_versions entry, 0 if none
    std::string sessionId;                // hex
    std::vector<uint16_t> ciphers;        // GREASE removed (a ServerHello has one)
    std::vector<uint16_t> extensions;     // GREASE removed, in wire order
    std::vector<uint16_t> groups;         // supported_groups, GREASE removed
    std::vector<uint8_t> pointFormats;
    std::vector<uint16_t> sigAlgs;        // signature_algorithms, in wire order
    std::vector<std::string> alpn;        // offered (client) or selected (server)
    std::string sni;
};

class TlsHelloReader {
public:
    static bool isGrease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }
    // body: the handshake message after its 4-byte header.
    static bool readClientHello(const uint8_t *body, uint32_t len, TlsHello &out);
    static bool readServerHello(const uint8_t *body, uint32_t len, TlsHello &out);

private:
    static void readExtensions(const uint8_t *p, uint32_t len, bool client, TlsHello &out);
    static void readExtension(uint16_t type, const uint8_t *p, uint32_t len, bool client, TlsHello &out);
};

} // namespace luacap::engine

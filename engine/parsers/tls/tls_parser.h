// TlsParser: Arkime's TLS parser for one TCP session. Reassembles TLS records and handshake
// messages across segments (bounded), then reports hellos (version, cipher, SNI, ALPN,
// JA3/JA3S/JA4, session ids) and TLS <= 1.2 certificates. Runs on the session's packet thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class FieldRegistry;
struct TlsHello;

// Field ids and options, shared read-only after registration.
struct TlsParserConfig {
    const FieldRegistry *registry = nullptr;
    int version = -1, cipher = -1, ja3 = -1, ja3String = -1, ja3s = -1, ja3sString = -1;
    int ja4 = -1, ja4Raw = -1, srcSessionId = -1, dstSessionId = -1, host = -1, cert = -1;
    bool withJa3Strings = false, withJa4Raw = false;
};

class TlsParser final : public SessionParser {
public:
    static constexpr uint32_t kMaxRecord = 5 + 18432;       // TLSCiphertext limit
    static constexpr uint32_t kMaxHandshake = 64 * 1024;    // a certificate chain fits

    explicit TlsParser(std::shared_ptr<const TlsParserConfig> config) : config_(std::move(config)) {}

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &session, int direction, uint32_t len) override;

    // The config registered by registerTlsParser (for parsers that hand over to TLS, e.g.
    // STARTTLS); null when TLS is not registered.
    static std::shared_ptr<const TlsParserConfig> sharedConfig();

private:
    void onRecord(Session &s, int d, const uint8_t *rec, uint32_t len);
    void onHandshake(Session &s, int d, uint8_t type, const uint8_t *body, uint32_t len);
    void onClientHello(Session &s, const TlsHello &h);
    void onServerHello(Session &s, const TlsHello &h);
    void onCertificates(Session &s, const uint8_t *body, uint32_t len);
    void add(Session &s, int field, const std::string &value) const;

    std::shared_ptr<const TlsParserConfig> config_;
    std::vector<uint8_t> record_[2];      // a partial record
    std::vector<uint8_t> handshake_[2];   // handshake bytes not yet a whole message
    bool stopped_[2] = {false, false};    // encrypted from here, or not TLS
};

bool registerTlsParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                       std::string *error);

} // namespace luacap::engine

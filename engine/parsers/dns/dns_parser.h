// DnsParser: Arkime's DNS parser for one session (UDP datagrams, or TCP with 2-byte length
// framing across segments). Keeps one DnsTransaction per query/response pair and writes them
// as Arkime's `dns` object array at pre-save. Runs on the session's packet thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parsers/classifier_table.h"
#include "parsers/dns/dns_transaction.h"
#include "parsers/parser_config.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class FieldRegistry;

// Shared, read-only after registration.
struct DnsParserConfig {
    const FieldRegistry *registry = nullptr;
    int dnsField = -1;
    bool outputAnswers = false;
};

class DnsParser final : public SessionParser {
public:
    enum class Kind { Dns, Llmnr, Mdns };   // the protocol a message adds, after Arkime
    static constexpr size_t kMaxTransactions = 512;

    DnsParser(std::shared_ptr<const DnsParserConfig> config, bool tcp, Kind kind)
        : config_(std::move(config)), tcp_(tcp), kind_(kind) {}

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &session, int direction, uint32_t len) override;
    void onPreSave(Session &session, bool final) override;

    // One DNS message (no TCP length prefix); public for tests.
    void parseMessage(Session &session, const uint8_t *data, uint32_t len);
    const std::vector<DnsTransaction> &transactions() const { return txs_; }

private:
    Result onTcpData(Session &session, int direction, const uint8_t *data, uint32_t len);
    DnsTransaction *findOrAdd(DnsTransaction &key);
    void readRecords(Session &session, const uint8_t *data, uint32_t len, uint32_t pos, DnsTransaction &t);
    void addTag(Session &session, const char *tag) const;
    void addProtocol(Session &session, const char *name) const;

    std::shared_ptr<const DnsParserConfig> config_;
    bool tcp_;
    Kind kind_;
    std::vector<DnsTransaction> txs_;
    // TCP framing per direction: the message being collected and its announced length.
    std::vector<uint8_t> frame_[2];
    uint32_t frameLen_[2] = {0, 0};
    uint8_t lenBytes_[2][2] = {};
    uint8_t lenHave_[2] = {0, 0};
};

// Registers the dns/llmnr/mdns fields and classifiers (main thread).
bool registerDnsParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                       std::string *error);

} // namespace luacap::engine

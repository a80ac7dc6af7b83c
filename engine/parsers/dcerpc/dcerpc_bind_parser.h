// DcerpcBindParser: reads the presentation contexts of DCE/RPC bind and alter-context PDUs on
// a connection-oriented (TCP) session and adds the bound interfaces' names to `protocol`, as
// Arkime's dcerpc parser does. Packet thread; looks at a bounded number of payloads.
#pragma once

#include <cstdint>
#include <string>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class FieldRegistry;
struct FieldDef;

class DcerpcBindParser final : public SessionParser {
public:
    static constexpr uint32_t kMaxPayloads = 16;
    static constexpr uint32_t kMaxContexts = 16;

    explicit DcerpcBindParser(const FieldDef &protocolField) : protocolField_(protocolField) {}

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &, int, uint32_t) override { return Result::Done; }

    // The bind/alter-context PDU at data (whole or cut short): adds the names it can read.
    void readBind(Session &session, const uint8_t *data, uint32_t len) const;

private:
    const FieldDef &protocolField_;
    uint32_t payloads_ = 0;
};

// Attaches a DcerpcBindParser to sessions whose first payload is a DCE/RPC PDU (main thread).
bool registerDcerpcParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                          std::string *error);

} // namespace luacap::engine

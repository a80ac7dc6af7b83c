// DeferredProtocolParser: adds a protocol when a later payload of a session passes a check,
// for protocols Arkime names only after the first payload (CIP inside ENIP, S7comm-plus after
// the COTP set-up, MySQL once the client logs in). Packet thread; bounded to a few payloads.
#pragma once

#include <cstdint>

#include "plugin/session_parser.h"

namespace luacap::engine {

struct FieldDef;

class DeferredProtocolParser : public SessionParser {
public:
    using Check = bool (*)(const uint8_t *data, uint32_t len);
    // direction -1: both directions. Gives up after maxPayloads payloads of that direction.
    DeferredProtocolParser(const FieldDef &protocolField, const char *protocol, Check check, int direction,
                           uint32_t maxPayloads);
    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;

private:
    const FieldDef &protocolField_;
    const char *protocol_;
    Check check_;
    int direction_;
    uint32_t remaining_;
};

} // namespace luacap::engine

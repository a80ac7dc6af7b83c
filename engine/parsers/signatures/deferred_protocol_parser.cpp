// DeferredProtocolParser implementation (packet thread).
#include "parsers/signatures/deferred_protocol_parser.h"

#include "session/session.h"

namespace luacap::engine {

DeferredProtocolParser::DeferredProtocolParser(const FieldDef &protocolField, const char *protocol, Check check,
                                               int direction, uint32_t maxPayloads)
    : protocolField_(protocolField), protocol_(protocol), check_(check), direction_(direction), remaining_(maxPayloads)
{
}

SessionParser::Result DeferredProtocolParser::onData(Session &session, int direction, const uint8_t *data, uint32_t len)
{
    if (direction_ >= 0 && direction != direction_)
        return Result::Continue;
    if (check_(data, len)) {
        session.fields.addString(protocolField_, protocol_);
        return Result::Done;
    }
    return --remaining_ == 0 ? Result::Done : Result::Continue;
}

} // namespace luacap::engine

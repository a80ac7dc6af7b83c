// BuiltinParsers implementation (packet thread): classify -> attach parser.
#include "parsers/builtin_parsers.h"

#include "session/session.h"

namespace luacap::engine {

void BuiltinParsers::onData(Session &s, int direction, const uint8_t *data, uint32_t len)
{
    const uint8_t bit = uint8_t(1u << direction);
    if ((s.classifiedDirections & bit) || len == 0)
        return;
    s.classifiedDirections |= bit;
    const bool tcp = s.key.ipProtocol == 6;
    if (!tcp && s.key.ipProtocol != 17)
        return;
    const bool fromA = s.sourceIsA;
    const uint16_t sourcePort = s.keyIsTuple ? (fromA ? s.key.portA : s.key.portB) : s.firstSrcPort;
    const uint16_t destinationPort = s.keyIsTuple ? (fromA ? s.key.portB : s.key.portA) : s.firstDstPort;
    table_.classify(ClassifyInput{s, direction, data, len, sourcePort, destinationPort, tcp});
}

} // namespace luacap::engine

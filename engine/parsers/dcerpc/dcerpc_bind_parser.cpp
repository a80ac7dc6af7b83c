// DcerpcBindParser implementation. PDU layout (C706 chapter 12): a 16-byte common header
// (version 5.0, type, flags, data representation, fragment length, auth length, call id);
// bind and alter-context then carry max sizes, an association group, and the list of
// presentation contexts, each an id, a count of transfer syntaxes, the abstract syntax
// (interface UUID + version) and the transfer syntaxes (20 bytes each).
#include "parsers/dcerpc/dcerpc_bind_parser.h"

#include <algorithm>
#include <array>
#include <memory>

#include "fields/field_registry.h"
#include "parsers/dcerpc/dcerpc_interfaces.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
constexpr uint8_t kBind = 11, kAlterContext = 14;
constexpr uint32_t kHeader = 16, kContextList = kHeader + 8, kSyntax = 20;

bool isBindPdu(const uint8_t *data, uint32_t len)
{
    return len >= kContextList + 4 && data[0] == 5 && data[1] == 0 && (data[2] == kBind || data[2] == kAlterContext);
}

// The UUID as a little-endian sender writes it (the interface table's form): a big-endian
// sender writes its first three fields the other way round.
std::array<uint8_t, 16> littleEndianUuid(const uint8_t *p, bool little)
{
    std::array<uint8_t, 16> u;
    std::copy(p, p + 16, u.begin());
    if (!little) {
        std::reverse(u.begin(), u.begin() + 4);
        std::reverse(u.begin() + 4, u.begin() + 6);
        std::reverse(u.begin() + 6, u.begin() + 8);
    }
    return u;
}
} // namespace

void DcerpcBindParser::readBind(Session &session, const uint8_t *data, uint32_t len) const
{
    const bool little = (data[4] & 0xf0) == 0x10;   // data representation: integer byte order
    const uint32_t fragLen = little ? uint32_t(data[8]) | uint32_t(data[9]) << 8 : uint32_t(data[8]) << 8 | data[9];
    len = std::min(len, fragLen);
    const uint32_t contexts = std::min<uint32_t>(data[kContextList], kMaxContexts);
    uint32_t off = kContextList + 4;
    for (uint32_t i = 0; i < contexts && off + 4 + kSyntax <= len; ++i) {
        const uint32_t transfers = data[off + 2];
        if (const char *name = dcerpcInterfaceName(littleEndianUuid(data + off + 4, little)))
            session.fields.addString(protocolField_, name);
        off += 4 + kSyntax + transfers * kSyntax;
    }
}

SessionParser::Result DcerpcBindParser::onData(Session &session, int, const uint8_t *data, uint32_t len)
{
    if (isBindPdu(data, len))
        readBind(session, data, len);
    return ++payloads_ >= kMaxPayloads ? Result::Done : Result::Continue;
}

bool registerDcerpcParser(const ParserConfig &, FieldRegistry &registry, ClassifierTable &table, std::string *)
{
    // The registry still grows during registration: look the field up when a session is seen.
    const FieldRegistry *reg = &registry;
    table.addTcp("dcerpc-bind", 0, std::string("\x05\x00", 2), [reg](const ClassifyInput &in) {
        const bool attached = std::any_of(in.session.parsers.begin(), in.session.parsers.end(), [](const auto &p) {
            return dynamic_cast<const DcerpcBindParser *>(p.get()) != nullptr;
        });
        if (in.tcp && !attached && isBindPdu(in.data, in.len))
            in.session.attachParser(std::make_unique<DcerpcBindParser>(reg->get(FieldRegistry::Protocol)));
    });
    return true;
}

} // namespace luacap::engine

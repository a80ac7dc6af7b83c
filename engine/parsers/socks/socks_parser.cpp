// SocksParser implementation. Each handshake message is expected whole in one payload (as
// Arkime's parser expects); anything unexpected ends the parser without reclassifying.
#include "parsers/socks/socks_parser.h"

#include <memory>

#include "fields/field_registry.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
constexpr uint8_t kMaxMessages = 8;

// SOCKS5 request/reply: VER CMD/REP RSV ATYP ADDR PORT; the length depends on ATYP.
bool socks5Address(const uint8_t *data, uint32_t len)
{
    if (len < 5 || data[0] != 5 || data[2] != 0)
        return false;
    switch (data[3]) {
    case 1: return len == 10;
    case 4: return len == 22;
    case 3: return len == 7u + data[4];
    default: return false;
    }
}
bool socks4Greeting(const ClassifyInput &in)
{
    return in.len >= 9 && (in.data[1] == 1 || in.data[1] == 2) && in.data[in.len - 1] == 0;
}
bool socks5Greeting(const ClassifyInput &in)
{
    return in.len >= 3 && in.len == 2u + in.data[1] && in.data[1] > 0 && in.data[2] <= 9;
}
} // namespace

bool SocksParser::clientMessage(const uint8_t *data, uint32_t len)
{
    if (!greeted_) {   // SOCKS4: VER CMD PORT IP USERID\0 [HOST\0]; SOCKS5: VER NMETHODS METHODS
        greeted_ = true;
        return version_ == 4 ? len >= 9 && data[0] == 4 : len >= 3 && data[0] == 5 && len == 2u + data[1];
    }
    // SOCKS5 username/password (VER 1 ...) or the request itself.
    return version_ == 5 && ((len >= 2 && data[0] == 1) || socks5Address(data, len));
}

bool SocksParser::serverMessage(const uint8_t *data, uint32_t len, bool &done)
{
    if (version_ == 4) {   // VN=0 CD=90 (granted) PORT IP
        done = len == 8 && data[0] == 0 && data[1] == 0x5a;
        return done;
    }
    switch (step_) {
    case Step::Method:
        if (len != 2 || data[0] != 5 || (data[1] != 0 && data[1] != 2))
            return false;
        step_ = data[1] == 2 ? Step::AuthReply : Step::Reply;
        return true;
    case Step::AuthReply:
        step_ = Step::Reply;
        return len == 2 && data[1] == 0;
    case Step::Reply:
        done = socks5Address(data, len) && data[1] == 0;
        return done;
    }
    return false;
}

SessionParser::Result SocksParser::onData(Session &session, int direction, const uint8_t *data, uint32_t len)
{
    if (++messages_ > kMaxMessages)
        return Result::Done;
    bool done = false;
    const bool ok = direction == client_ ? clientMessage(data, len) : serverMessage(data, len, done);
    if (!ok)
        return Result::Done;
    if (done)
        session.classifiedDirections = 0;   // the next payload of each side is classified afresh
    return done ? Result::Done : Result::Continue;
}

bool registerSocksParser(const ParserConfig &, FieldRegistry &registry, ClassifierTable &table, std::string *)
{
    const FieldRegistry *reg = &registry;
    const auto classifier = [reg](int version, bool (*check)(const ClassifyInput &)) {
        return [reg, version, check](const ClassifyInput &in) {
            if (!in.tcp || !check(in))
                return;
            in.session.fields.addString(reg->get(FieldRegistry::Protocol), "socks");
            in.session.attachParser(std::make_unique<SocksParser>(in.direction, version));
        };
    };
    table.addTcp("socks", 0, "\x04", classifier(4, socks4Greeting));
    table.addTcp("socks", 0, "\x05", classifier(5, socks5Greeting));
    return true;
}

} // namespace luacap::engine

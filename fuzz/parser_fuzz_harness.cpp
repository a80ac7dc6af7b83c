// ParserFuzzHarness implementation: a hand-made Session fed through the engine's own
// feedData/feedGap/feedPreSave, as a packet thread feeds a real one.
#include "parser_fuzz_harness.h"

#include <cstdio>
#include <cstdlib>

#include "fuzz_input.h"
#include "session/session.h"
#include "session/session_feed.h"

namespace luacap::fuzz {

using namespace luacap::engine;

ParserFuzzHarness::ParserFuzzHarness(const RegisterFn *registerFns, Transport transport, Ports ports)
    : transport_(transport), ports_(ports)
{
    const ParserConfig config = fullConfig();
    std::string error;
    for (const RegisterFn *fn = registerFns; *fn; ++fn) {
        if (!(*fn)(config, registry_, table_, &error)) {
            std::fprintf(stderr, "fuzz harness: registration failed: %s\n", error.c_str());
            std::abort();
        }
    }
    classifier_ = std::make_unique<BuiltinParsers>(table_);
    encoder_ = std::make_unique<RecordEncoder>(registry_, RecordOptions{});
}

ParserConfig ParserFuzzHarness::fullConfig()
{
    ParserConfig c;
    c.parseHttpHeaderRequestAll = true;
    c.parseHttpHeaderResponseAll = true;
    c.parseSmtpHeaderAll = true;
    c.supportSha256 = true;
    c.parseCookieValue = true;
    c.parseQsValue = true;
    c.dnsOutputAnswers = true;
    c.ja4Raw = true;
    c.ja3Strings = true;
    c.httpRequestHeaderFields = {{"x-custom", "type:string;count:true"}, {"x-number", "type:integer"}};
    c.emailHeaderFields = {{"x-mailer", "type:string;count:true"}};
    c.smtpIpHeaders = {"x-originating-ip"};
    return c;
}

void ParserFuzzHarness::run(const uint8_t *data, size_t size)
{
    FuzzInput in(data, size);
    const FuzzHeader h = in.header();
    const bool tcp = transport_ == Transport::Tcp || (transport_ == Transport::FromInput && (h.flags & 1));
    Session s;
    const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
    const uint16_t sp = ports_.source ? ports_.source : h.sourcePort;
    const uint16_t dp = ports_.destination ? ports_.destination : h.destinationPort;
    s.sourceIsA = makeSessionKey(AddressFamily::V4, a, b, sp, dp, tcp ? 6 : 17, 0, s.key);
    const std::vector<SessionObserver *> observers{classifier_.get()};
    FuzzChunk c;
    while (in.next(c)) {
        if (c.gap)
            feedGap(s, c.direction, c.len, observers);
        else
            feedData(s, c.direction, c.data, c.len, observers);
    }
    feedPreSave(s, true, observers);
    std::string record;
    encoder_->encode(s, SaveReason::EndOfInput, record);
    if (std::getenv("LUACAP_FUZZ_PRINT"))   // to see what a corpus input exercises
        std::printf("%s\n", record.c_str());
}

} // namespace luacap::fuzz

// libFuzzer target: the SMTP parser, its MIME/transfer decoders and the STARTTLS hand-over to TLS, on TCP port 25.
// Input layout: fuzz_input.h. Built as a fuzzer with -DLUACAP_FUZZ=ON (clang), and as a corpus
// replay test with the regular build (regression_main.cpp).
#include "parser_fuzz_harness.h"
#include "parsers/smtp/smtp_parser.h"
#include "parsers/tls/tls_parser.h"

using namespace luacap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz::RegisterFn kParsers[] = {engine::registerSmtpParser, engine::registerTlsParser, nullptr};
    static fuzz::ParserFuzzHarness harness(kParsers, fuzz::ParserFuzzHarness::Transport::Tcp, {40000, 25});
    harness.run(data, size);
    return 0;
}

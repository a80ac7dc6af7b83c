// libFuzzer target: the TLS parser: record/handshake reassembly, hellos, JA3/JA3S/JA4 and X.509 certificates, on TCP port 443.
// Input layout: fuzz_input.h. Built as a fuzzer with -DLUACAP_FUZZ=ON (clang), and as a corpus
// replay test with the regular build (regression_main.cpp).
#include "parser_fuzz_harness.h"
#include "parsers/tls/tls_parser.h"

using namespace luacap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz::RegisterFn kParsers[] = {engine::registerTlsParser, nullptr};
    static fuzz::ParserFuzzHarness harness(kParsers, fuzz::ParserFuzzHarness::Transport::Tcp, {40000, 443});
    harness.run(data, size);
    return 0;
}

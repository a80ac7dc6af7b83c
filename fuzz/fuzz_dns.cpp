// libFuzzer target: the DNS parser over UDP or TCP (header flag bit 0), port 53, with answers output.
// Input layout: fuzz_input.h. Built as a fuzzer with -DLUACAP_FUZZ=ON (clang), and as a corpus
// replay test with the regular build (regression_main.cpp).
#include "parser_fuzz_harness.h"
#include "parsers/dns/dns_parser.h"

using namespace luacap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz::RegisterFn kParsers[] = {engine::registerDnsParser, nullptr};
    static fuzz::ParserFuzzHarness harness(kParsers, fuzz::ParserFuzzHarness::Transport::FromInput, {40000, 53});
    harness.run(data, size);
    return 0;
}

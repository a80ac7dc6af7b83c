// libFuzzer target: the HTTP/1.x parser (libhttp-parser underneath), both directions, on TCP port 80.
// Input layout: fuzz_input.h. Built as a fuzzer with -DLUACAP_FUZZ=ON (clang), and as a corpus
// replay test with the regular build (regression_main.cpp).
#include "parser_fuzz_harness.h"
#include "parsers/http/http_parser.h"

using namespace luacap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz::RegisterFn kParsers[] = {engine::registerHttpParser, nullptr};
    static fuzz::ParserFuzzHarness harness(kParsers, fuzz::ParserFuzzHarness::Transport::Tcp, {40000, 80});
    harness.run(data, size);
    return 0;
}

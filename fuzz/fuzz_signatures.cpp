// libFuzzer target: every built-in classifier (the signature ones above all) and parser together,
// transport and ports taken from the input, as a session's first payloads reach them.
// Input layout: fuzz_input.h. Built as a fuzzer with -DLUACAP_FUZZ=ON (clang), and as a corpus
// replay test with the regular build (regression_main.cpp).
#include "parser_fuzz_harness.h"
#include "parsers/register_parsers.h"

using namespace luacap;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const fuzz::RegisterFn kParsers[] = {engine::registerBuiltinParsers, nullptr};
    static fuzz::ParserFuzzHarness harness(kParsers, fuzz::ParserFuzzHarness::Transport::FromInput, {0, 0});
    harness.run(data, size);
    return 0;
}

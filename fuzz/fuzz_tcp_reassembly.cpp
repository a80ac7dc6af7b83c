// libFuzzer target: TcpReassembler, one direction of a stream. Each chunk is a segment whose
// first 4 bytes are its sequence number relative to the ISN; a gap chunk flushes. Checks that
// bytes come out once, in order, and never more than went in. Input layout: fuzz_input.h.
#include <cstdio>
#include <cstdlib>

#include "fuzz_input.h"
#include "session/tcp_reassembler.h"

using namespace luacap;

namespace {

class CountingSink final : public engine::StreamSink {
public:
    void data(const uint8_t *bytes, uint32_t len) override
    {
        volatile uint8_t x = 0;
        for (uint32_t i = 0; i < len; ++i)
            x = x ^ bytes[i];
        (void)x;
        delivered += len;
    }
    void gap(uint32_t len) override { gaps += len; }
    uint64_t delivered = 0, gaps = 0;
};

uint32_t be32(const uint8_t *p) { return uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]; }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::FuzzInput in(data, size);
    const fuzz::FuzzHeader h = in.header();
    const uint32_t isn = uint32_t(h.sourcePort) << 16 | h.destinationPort;   // wrap-around is reachable
    engine::TcpReassembler r(h.flags & 1 ? 4096 : 1u << 20);
    if (h.flags & 2)
        r.start(isn);
    CountingSink sink;
    uint64_t fed = 0;
    fuzz::FuzzChunk c;
    while (in.next(c)) {
        if (c.gap) {
            r.flush(sink);
            continue;
        }
        if (c.len < 4)
            continue;
        r.segment(isn + be32(c.data), c.data + 4, c.len - 4, sink);
        fed += c.len - 4;
    }
    r.flush(sink);
    if (sink.delivered > fed || r.heldBytes() != 0) {
        std::fprintf(stderr, "reassembler delivered %llu of %llu fed, %u still held\n",
                     (unsigned long long)sink.delivered, (unsigned long long)fed, r.heldBytes());
        std::abort();
    }
    return 0;
}

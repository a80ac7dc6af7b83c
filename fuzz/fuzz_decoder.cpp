// libFuzzer target: the reader thread's PacketDecoder (link layers, tunnels, IP, defragmenter,
// transport). Header byte 0 picks the link type; each chunk is one frame, so fragments of one
// datagram can meet across frames. Input layout: fuzz_input.h.
#include "decode/packet_decoder.h"
#include "fuzz_input.h"

using namespace luacap;

namespace {
// libpcap DLT values the decoder supports (checked at start-up with supportsLinkType).
constexpr int kLinkTypes[] = {1, 0, 10, 12, 14, 101, 108, 113, 228, 229, 239, 276};
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::FuzzInput in(data, size);
    const fuzz::FuzzHeader h = in.header();
    const int linkType = kLinkTypes[h.flags % (sizeof kLinkTypes / sizeof kLinkTypes[0])];
    if (!engine::PacketDecoder::supportsLinkType(linkType))
        return 0;
    engine::DecoderConfig config;
    config.vlanInSessionKey = h.sourcePort & 1;
    config.saveUnknownEther = h.sourcePort & 2;
    config.saveUnknownIp = h.sourcePort & 4;
    config.maxFragmentBytes = 1u << 20;
    engine::PacketDecoder decoder(linkType, config);
    fuzz::FuzzChunk c;
    int64_t clock = 0;
    while (in.next(c)) {
        if (c.gap) {   // a gap chunk advances the packet clock instead (fragment expiry)
            clock += int64_t(c.len) * 1'000'000;
            decoder.expireFragments(clock);
            continue;
        }
        engine::PacketInfo info;
        info.tsUsec = clock;
        info.wireLen = c.len;
        const engine::DecodedBytes out = decoder.decode(c.data, c.len, info);
        // Touch every byte handed on, so ASan checks the buffer really is that long.
        volatile uint8_t sink = 0;
        for (uint32_t i = 0; i < out.len; ++i)
            sink = sink ^ out.data[i];
        (void)sink;
    }
    return 0;
}

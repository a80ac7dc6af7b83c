// PcapFormat implementation (any thread).
#include "pcapstore/pcap_format.h"

namespace luacap::engine {

namespace {
constexpr uint32_t kMagicUsec = 0xa1b2c3d4;

void put32(uint8_t *out, uint32_t v)
{
    out[0] = uint8_t(v), out[1] = uint8_t(v >> 8), out[2] = uint8_t(v >> 16), out[3] = uint8_t(v >> 24);
}

void put16(uint8_t *out, uint16_t v)
{
    out[0] = uint8_t(v), out[1] = uint8_t(v >> 8);
}

uint32_t get32(const uint8_t *in)
{
    return uint32_t(in[0]) | uint32_t(in[1]) << 8 | uint32_t(in[2]) << 16 | uint32_t(in[3]) << 24;
}
} // namespace

void PcapFormat::putFileHeader(uint8_t *out, uint32_t snapLen, int linkType)
{
    put32(out, kMagicUsec);
    put16(out + 4, 2);
    put16(out + 6, 4);
    put32(out + 8, 0);    // thiszone
    put32(out + 12, 0);   // sigfigs
    put32(out + 16, snapLen);
    put32(out + 20, uint32_t(linkType));
}

void PcapFormat::putRecordHeader(uint8_t *out, int64_t tsUsec, uint32_t capLen, uint32_t wireLen)
{
    put32(out, uint32_t(tsUsec / 1'000'000));
    put32(out + 4, uint32_t(tsUsec % 1'000'000));
    put32(out + 8, capLen);
    put32(out + 12, wireLen);
}

bool PcapFormat::readFileHeader(const uint8_t *in, uint32_t *snapLen, int *linkType)
{
    if (get32(in) != kMagicUsec || in[4] != 2 || in[6] != 4)
        return false;
    *snapLen = get32(in + 16);
    *linkType = int(get32(in + 20));
    return true;
}

PcapRecordHeader PcapFormat::readRecordHeader(const uint8_t *in)
{
    return {int64_t(get32(in)) * 1'000'000 + get32(in + 4), get32(in + 8), get32(in + 12)};
}

} // namespace luacap::engine

// DnsNameReader: reads a possibly compressed domain name from a DNS message the way Arkime
// does (non-printable bytes escaped as M-/^, at most 5 pointer hops). Packet thread.
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

class DnsNameReader {
public:
    static constexpr int kMaxPointers = 5;
    static constexpr size_t kMaxName = 1024;

    DnsNameReader(const uint8_t *message, uint32_t length) : msg_(message), len_(length) {}
    // Reads the name at pos (within [pos, end)) into out (dotted, no trailing dot, "" for the
    // root) and moves pos past it. False when a pointer loops or the name runs off the end.
    bool read(uint32_t &pos, uint32_t end, std::string &out) const;

private:
    static void appendLabelByte(std::string &out, uint8_t c);
    const uint8_t *msg_;
    uint32_t len_;
};

} // namespace luacap::engine

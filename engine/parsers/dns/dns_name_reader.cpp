// DnsNameReader implementation (packet thread).
#include "parsers/dns/dns_name_reader.h"

namespace luacap::engine {

void DnsNameReader::appendLabelByte(std::string &out, uint8_t c)
{
    // Arkime keeps names printable ASCII: high bytes become "M-x", controls "^x".
    if (c >= 0x80) {
        out += "M-";
        c &= 0x7f;
    }
    if (c < 0x20 || c == 0x7f) {
        out += '^';
        c ^= 0x40;
    }
    out += char(c);
}

bool DnsNameReader::read(uint32_t &pos, uint32_t end, std::string &out) const
{
    out.clear();
    uint32_t cur = pos, curEnd = end > len_ ? len_ : end;
    int pointers = 0;
    bool jumped = false;
    while (cur < curEnd) {
        const uint8_t ch = msg_[cur];
        if (ch == 0) {
            ++cur;
            break;
        }
        if (ch & 0xc0) {
            if (cur + 2 > curEnd || ++pointers > kMaxPointers + 1)
                return false;
            const uint32_t target = ((ch & 0x3f) << 8) | msg_[cur + 1];
            if (!jumped)
                pos = cur + 2;
            jumped = true;
            cur = target;
            curEnd = len_;   // pointers address the whole message, as in Arkime
            continue;
        }
        ++cur;
        if (!out.empty())
            out += '.';
        if (ch > curEnd - cur) {   // a label longer than what is left: drop the dot and stop
            if (!out.empty())
                out.pop_back();
            cur = curEnd;
            break;
        }
        for (uint32_t j = 0; j < ch && out.size() < kMaxName; ++j)
            appendLabelByte(out, msg_[cur + j]);
        cur += ch;
    }
    if (!jumped)
        pos = cur;
    return true;
}

} // namespace luacap::engine

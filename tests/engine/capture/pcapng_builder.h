// PcapngBuilder: writes pcapng blocks byte by byte, in either byte order, for capture tests.
#pragma once

#include <QByteArray>

#include <cstdint>

namespace luacap::test {

// Writes pcapng blocks in one byte order.
class PcapngBuilder {
public:
    explicit PcapngBuilder(bool bigEndian = false) : big_(bigEndian) {}

    PcapngBuilder &section(bool bigEndian, uint16_t major = 1)
    {
        big_ = bigEndian;
        QByteArray body = u32(0x1A2B3C4D) + u16(major) + u16(0) + u64(~0ull);
        return block(0x0A0D0D0A, body);
    }
    PcapngBuilder &interface(uint16_t linkType, uint32_t snapLen = 0, const QByteArray &options = {})
    {
        return block(1, u16(linkType) + u16(0) + u32(snapLen) + options);
    }
    PcapngBuilder &epb(uint32_t iface, uint64_t ticks, const QByteArray &data, uint32_t wireLen = 0)
    {
        return block(6, u32(iface) + u32(uint32_t(ticks >> 32)) + u32(uint32_t(ticks)) + u32(data.size())
                            + u32(wireLen ? wireLen : data.size()) + padded(data));
    }
    PcapngBuilder &obsoletePacket(uint16_t iface, uint64_t ticks, const QByteArray &data)
    {
        return block(2, u16(iface) + u16(0xffff) + u32(uint32_t(ticks >> 32)) + u32(uint32_t(ticks))
                            + u32(data.size()) + u32(data.size()) + padded(data));
    }
    PcapngBuilder &spb(uint32_t wireLen, const QByteArray &data) { return block(3, u32(wireLen) + padded(data)); }
    PcapngBuilder &block(uint32_t type, const QByteArray &body)
    {
        const uint32_t len = uint32_t(12 + body.size());
        bytes_ += u32(type) + u32(len) + body + u32(len);
        return *this;
    }
    PcapngBuilder &raw(const QByteArray &bytes)
    {
        bytes_ += bytes;
        return *this;
    }

    QByteArray u16(uint16_t v) const { return number(v, 2); }
    QByteArray u32(uint32_t v) const { return number(v, 4); }
    QByteArray u64(uint64_t v) const { return number(v, 8); }
    QByteArray option(uint16_t code, const QByteArray &value) const { return u16(code) + u16(value.size()) + padded(value); }
    QByteArray endOfOptions() const { return u32(0); }
    QByteArray bytes() const { return bytes_; }

private:
    QByteArray number(uint64_t v, int width) const
    {
        QByteArray out(width, '\0');
        for (int i = 0; i < width; ++i)
            out[big_ ? width - 1 - i : i] = char((v >> (8 * i)) & 0xff);
        return out;
    }
    static QByteArray padded(QByteArray data)
    {
        while (data.size() % 4)
            data += '\0';
        return data;
    }

    bool big_;
    QByteArray bytes_;
};

} // namespace luacap::test

// PcapngReader implementation (reader thread). Every length read from the file is checked
// against the block it claims to describe before use; a bad one ends the file with an error.
#include "capture/pcapng_reader.h"

#include <cstring>
#include <limits>

#include "capture/gzip_file.h"

namespace luacap::engine {

namespace {
constexpr uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kInterfaceDescription = 1;
constexpr uint32_t kObsoletePacket = 2;
constexpr uint32_t kSimplePacket = 3;
constexpr uint32_t kEnhancedPacket = 6;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kMinBlockBytes = 12;          // type, length, trailing length
constexpr uint32_t kMinSectionBytes = 28;        // + magic, version, section length
constexpr uint32_t kMaxBlockBytes = 16u << 20;   // larger than any sane packet block
constexpr size_t kStreamBufferBytes = 256 * 1024;
constexpr uint16_t kOptEnd = 0;
constexpr uint16_t kOptTsResol = 9;
constexpr uint16_t kOptTsOffset = 14;

// LINKTYPE_* values in files that libpcap maps to different DLT_* values on Linux; the
// decoders key on DLT_*, as the libpcap path reports them.
int linkTypeToDlt(int linkType)
{
    switch (linkType) {
    case 100: return 11;  // ATM_RFC1483
    case 101: return 12;  // RAW
    case 102: return 15;  // SLIP_BSDOS
    case 103: return 16;  // PPP_BSDOS
    default: return linkType;
    }
}

int64_t clampToInt64(__int128 v)
{
    if (v > std::numeric_limits<int64_t>::max())
        return std::numeric_limits<int64_t>::max();
    if (v < std::numeric_limits<int64_t>::min())
        return std::numeric_limits<int64_t>::min();
    return int64_t(v);
}
} // namespace

int64_t PcapngReader::Interface::toUsec(uint64_t ticks) const
{
    const uint64_t sec = ticks / unitsPerSecond;
    const uint64_t frac = ticks % unitsPerSecond;
    const uint64_t usec = uint64_t((unsigned __int128)frac * 1000000 / unitsPerSecond);
    return clampToInt64(((__int128)sec + offsetSec) * 1000000 + usec);
}

PcapngReader::~PcapngReader()
{
    close();
}

void PcapngReader::close()
{
    if (file_)
        std::fclose(file_);
    file_ = nullptr;
    interfaces_.clear();
    ended_ = Status::Error;  // next() on a closed reader
}

bool PcapngReader::open(const std::string &path)
{
    bool compressed = false;
    FILE *f = openMaybeGzip(path, compressed, error_);
    return f && open(f);
}

bool PcapngReader::open(FILE *file)
{
    close();
    file_ = file;
    std::setvbuf(file_, nullptr, _IOFBF, kStreamBufferBytes);
    offset_ = 0;
    packets_ = 0;
    swapped_ = false;
    ended_ = Status::Packet;
    Status s = readBlock(true);
    if (s == Status::Packet)
        s = parseSection();
    if (s == Status::End)
        return true;
    close();
    return false;
}

PcapngReader::Status PcapngReader::next(RawPacket &out)
{
    if (ended_ != Status::Packet)
        return ended_;  // nothing after an end or an error is trusted
    Status r = Status::End;
    while (r == Status::End) {
        const Status s = readBlock();
        if (s != Status::Packet)
            return ended_ = s;
        // The parsers return End for "no packet in this block, read on".
        if (blockType_ == kSectionHeader)
            r = parseSection();
        else if (blockType_ == kInterfaceDescription)
            r = parseInterface();
        else if (blockType_ == kEnhancedPacket || blockType_ == kObsoletePacket)
            r = packetBlock(out);
        else if (blockType_ == kSimplePacket)
            r = simplePacket(out);
    }
    if (r != Status::Packet)
        ended_ = r;
    return r;
}

// Reads one whole block into block_. Packet: a block was read; End: clean end of file.
PcapngReader::Status PcapngReader::readBlock(bool first)
{
    blockStart_ = offset_;
    uint8_t head[12] = {};
    size_t got = 0;
    const bool whole = readExact(head, 8, got);
    uint32_t type = 0, length = 0;
    std::memcpy(&type, head, 4);
    std::memcpy(&length, head + 4, 4);
    if (first && (got < 4 || type != kSectionHeader))
        return fail("not a pcapng file (no Section Header Block at its start)");
    if (!whole)
        return got == 0 && !std::ferror(file_) ? Status::End : truncated(8, got);
    const size_t headLen = type == kSectionHeader ? 12 : 8;
    if (type == kSectionHeader) {
        if (!readExact(head + 8, 4, got))
            return truncated(4, got);
        const Status s = readSectionMagic(head + 8, length);
        if (s != Status::Packet)
            return s;
    } else if (swapped_) {
        type = __builtin_bswap32(type);
        length = __builtin_bswap32(length);
    }
    const Status lengthOk = checkLength(length);
    if (lengthOk != Status::Packet)
        return lengthOk;
    blockType_ = type;
    blockLen_ = length;
    if (block_.size() < length)
        block_.resize(length);
    std::memcpy(block_.data(), head, headLen);
    if (!readExact(block_.data() + headLen, length - headLen, got))
        return truncated(length - headLen, got);
    if (u32(bodyEnd()) != length)
        return fail("trailing block length differs from the leading one (" + std::to_string(length) + ")");
    return Status::Packet;
}

// A Section Header Block sets the byte order of everything up to the next one.
PcapngReader::Status PcapngReader::readSectionMagic(const uint8_t *raw, uint32_t &length)
{
    uint32_t magic = 0;
    std::memcpy(&magic, raw, 4);
    if (magic == kByteOrderMagic)
        swapped_ = false;
    else if (magic == __builtin_bswap32(kByteOrderMagic))
        swapped_ = true;
    else
        return fail("Section Header Block has no byte-order magic");
    if (swapped_)
        length = __builtin_bswap32(length);
    if (length < kMinSectionBytes)
        return fail("Section Header Block length " + std::to_string(length) + " is below " +
                    std::to_string(kMinSectionBytes));
    return Status::Packet;
}

PcapngReader::Status PcapngReader::checkLength(uint32_t length)
{
    if (length < kMinBlockBytes)
        return fail("block length " + std::to_string(length) + " is below " + std::to_string(kMinBlockBytes));
    if (length % 4 != 0)
        return fail("block length " + std::to_string(length) + " is not a multiple of 4");
    if (length > kMaxBlockBytes)
        return fail("block length " + std::to_string(length) + " exceeds " + std::to_string(kMaxBlockBytes));
    return Status::Packet;
}

bool PcapngReader::readExact(uint8_t *to, size_t n, size_t &got)
{
    got = std::fread(to, 1, n, file_);
    offset_ += got;
    return got == n;
}

// Version 1.x only; a new section starts a new set of interfaces.
PcapngReader::Status PcapngReader::parseSection()
{
    const uint16_t major = u16(12);
    if (major != 1)
        return fail("unsupported pcapng version " + std::to_string(major) + "." + std::to_string(u16(14)));
    interfaces_.clear();
    return Status::End;
}

PcapngReader::Status PcapngReader::parseInterface()
{
    if (bodyEnd() < 16)
        return fail("Interface Description Block is too short");
    Interface iface;
    iface.linkType = linkTypeToDlt(u16(8));
    iface.snapLen = u32(12);
    if (!parseInterfaceOptions(16, iface))
        return Status::Error;
    interfaces_.push_back(iface);
    return Status::End;
}

// Options are code(2) length(2) value, padded to 4; only the time stamp ones matter here.
bool PcapngReader::parseInterfaceOptions(size_t at, Interface &iface)
{
    while (at + 4 <= bodyEnd()) {
        const uint16_t code = u16(at);
        const uint16_t len = u16(at + 2);
        const size_t padded = (size_t(len) + 3) & ~size_t(3);
        if (code == kOptEnd)
            return true;
        if (padded > bodyEnd() - at - 4) {
            fail("interface option " + std::to_string(code) + " overruns its block");
            return false;
        }
        const size_t value = at + 4;
        if (code == kOptTsResol && len >= 1) {
            const uint8_t r = block_[value];
            const unsigned exp = r & 0x7f;
            if ((r & 0x80) ? exp > 63 : exp > 19) {
                fail("unsupported if_tsresol " + std::to_string(r));
                return false;
            }
            uint64_t units = 1;
            for (unsigned i = 0; i < exp; ++i)
                units *= (r & 0x80) ? 2 : 10;
            iface.unitsPerSecond = units;
        } else if (code == kOptTsOffset && len >= 8) {
            iface.offsetSec = int64_t(u64(value));
        }
        at = value + padded;
    }
    return true;
}

// Enhanced Packet Block and the obsolete Packet Block share a layout after the interface id
// (32 bits in EPB; 16 bits + 16-bit drop count in PB).
PcapngReader::Status PcapngReader::packetBlock(RawPacket &out)
{
    constexpr size_t kFixed = 8 + 20;
    if (bodyEnd() < kFixed)
        return fail("packet block is too short");
    const uint32_t ifaceId = blockType_ == kEnhancedPacket ? u32(8) : u16(8);
    const uint64_t ticks = (uint64_t(u32(12)) << 32) | u32(16);
    const uint32_t capLen = u32(20);
    if (capLen > bodyEnd() - kFixed)
        return fail("captured length " + std::to_string(capLen) + " exceeds its block");
    return deliver(out, ifaceId, ticks, kFixed, capLen, u32(24));
}

// A Simple Packet Block belongs to interface 0, has no time stamp, and holds
// min(original length, interface 0's snapshot length) bytes.
PcapngReader::Status PcapngReader::simplePacket(RawPacket &out)
{
    constexpr size_t kFixed = 8 + 4;
    if (bodyEnd() < kFixed)
        return fail("Simple Packet Block is too short");
    if (interfaces_.empty())
        return fail("Simple Packet Block before any Interface Description Block");
    const uint32_t wireLen = u32(8);
    const uint32_t snapLen = interfaces_[0].snapLen;
    const uint32_t capLen = snapLen != 0 && snapLen < wireLen ? snapLen : wireLen;
    if (capLen > bodyEnd() - kFixed)
        return fail("Simple Packet Block length " + std::to_string(capLen) + " exceeds its block");
    return deliver(out, 0, 0, kFixed, capLen, wireLen);
}

PcapngReader::Status PcapngReader::deliver(RawPacket &out, uint32_t ifaceId, uint64_t ticks, size_t dataAt,
                                        uint32_t capLen, uint32_t wireLen)
{
    if (ifaceId >= interfaces_.size())
        return fail("packet on interface " + std::to_string(ifaceId) + " but the section has " +
                    std::to_string(interfaces_.size()) + " interface(s)");
    const Interface &iface = interfaces_[ifaceId];
    out.data = block_.data() + dataAt;
    out.capLen = capLen;
    out.wireLen = wireLen < capLen ? capLen : wireLen;
    out.tsUsec = iface.toUsec(ticks);
    out.filePos = packets_++;
    out.linkType = iface.linkType;
    return Status::Packet;
}

PcapngReader::Status PcapngReader::fail(const std::string &what)
{
    error_ = "pcapng block at offset " + std::to_string(blockStart_) + ": " + what;
    return Status::Error;
}

PcapngReader::Status PcapngReader::truncated(size_t wanted, size_t got)
{
    if (std::ferror(file_))
        return fail("read error");
    error_ = "truncated pcapng file: block at offset " + std::to_string(blockStart_) + " needs " +
             std::to_string(wanted) + " more bytes, only " + std::to_string(got) + " left";
    return Status::Truncated;
}

uint16_t PcapngReader::u16(size_t at) const
{
    uint16_t v = 0;
    std::memcpy(&v, block_.data() + at, 2);
    return swapped_ ? __builtin_bswap16(v) : v;
}

uint32_t PcapngReader::u32(size_t at) const
{
    uint32_t v = 0;
    std::memcpy(&v, block_.data() + at, 4);
    return swapped_ ? __builtin_bswap32(v) : v;
}

uint64_t PcapngReader::u64(size_t at) const
{
    uint64_t v = 0;
    std::memcpy(&v, block_.data() + at, 8);
    return swapped_ ? __builtin_bswap64(v) : v;
}

} // namespace luacap::engine

// IpDefragmenter: IPv4/IPv6 fragment reassembly with bounded memory (reader thread).
// Overlaps: the first copy of a byte wins; a later fragment whose overlapping bytes differ is
// dropped (a classic evasion trick), as is one that contradicts the known datagram length.
#include "decode/ip_defragmenter.h"

#include <algorithm>
#include <cstring>

namespace luacap::engine {

namespace {
constexpr uint32_t kMaxPayload = 65535;   // an IP datagram cannot be longer
constexpr size_t kMaxSpare = 64;          // finished datagrams kept for buffer reuse
} // namespace

size_t IpDefragmenter::KeyHash::operator()(const Key &k) const
{
    uint64_t h = 1469598103934665603ULL;
    auto feed = [&h](const uint8_t *p, size_t n) {
        for (size_t i = 0; i < n; ++i)
            h = (h ^ p[i]) * 1099511628211ULL;
    };
    feed(k.src.data(), k.src.size());
    feed(k.dst.data(), k.dst.size());
    const uint8_t tail[6] = {uint8_t(k.id), uint8_t(k.id >> 8), uint8_t(k.id >> 16), uint8_t(k.id >> 24),
                             k.protocol, uint8_t(k.family)};
    feed(tail, sizeof tail);
    return size_t(h);
}

IpDefragmenter::IpDefragmenter(uint32_t timeoutUsec, uint32_t maxBytes, uint32_t maxDatagrams, DecodeStats &stats)
    : timeoutUsec_(timeoutUsec), maxBytes_(maxBytes), maxDatagrams_(std::max<uint32_t>(1, maxDatagrams)), stats_(stats)
{
    out_.reserve(kMaxPayload + 4096);
}

IpDefragmenter::Key IpDefragmenter::keyOf(const IpFragment &f)
{
    Key k;
    const size_t n = f.family == AddressFamily::V6 ? 16 : 4;
    std::memcpy(k.src.data(), f.src, n);
    std::memcpy(k.dst.data(), f.dst, n);
    k.id = f.id;
    // IPv4 keys on the protocol too (RFC 791); IPv6 only on addresses and identification.
    k.protocol = f.family == AddressFamily::V4 ? f.protocol : 0;
    k.family = f.family;
    return k;
}

IpDefragmenter::Result IpDefragmenter::add(const IpFragment &f)
{
    ++stats_.fragments;
    expire(f.tsUsec);
    const uint64_t end = uint64_t(f.offset) + f.payloadLen;
    const bool badSize = (f.more && (f.payloadLen == 0 || f.payloadLen % 8 != 0)) || end > kMaxPayload;
    if (badSize) {
        ++stats_.fragmentsDropped;
        return Result::Dropped;
    }
    auto it = findOrCreate(f);
    Datagram &d = *it;
    if (!place(d, f)) {
        ++stats_.fragmentsDropped;
        if (d.frames == 0)
            release(it, false);
        return Result::Dropped;
    }
    ++d.frames;
    d.wireLen += f.wireLen;
    if (!complete(d))
        return Result::Held;
    build(d, f);
    ++stats_.fragmentsReassembled;
    release(it, false);
    return Result::Complete;
}

IpDefragmenter::List::iterator IpDefragmenter::findOrCreate(const IpFragment &f)
{
    const Key key = keyOf(f);
    if (auto found = index_.find(key); found != index_.end())
        return found->second;
    while (index_.size() >= maxDatagrams_)
        release(live_.begin(), true);
    if (spare_.empty())
        live_.emplace_back();
    else
        live_.splice(live_.end(), spare_, spare_.begin());
    auto it = std::prev(live_.end());
    Datagram &d = *it;
    d.key = key;
    d.firstUsec = f.tsUsec;
    d.data.clear();
    d.covered.clear();
    d.headerLen = 0;
    d.totalLen = 0;
    d.totalKnown = false;
    d.frames = 0;
    d.wireLen = 0;
    index_.emplace(key, it);
    return it;
}

// Checks the fragment against what is held, then copies the blocks not yet covered.
bool IpDefragmenter::place(Datagram &d, const IpFragment &f)
{
    const uint32_t end = f.offset + f.payloadLen;
    if (d.totalKnown && (end > d.totalLen || (!f.more && end != d.totalLen)))
        return false;
    if (!f.more && d.data.size() > end)
        return false;   // bytes already held beyond the claimed end
    if (d.data.size() < end) {
        const uint32_t grow = end - uint32_t(d.data.size());
        makeRoom(grow, d);
        if (heldBytes_ + grow > maxBytes_)
            return false;
        heldBytes_ += grow;
        d.data.resize(end);
        d.covered.resize((end + 7) / 8, 0);
    }
    const uint32_t firstBlock = f.offset / 8;
    const uint32_t lastBlock = (end + 7) / 8;
    for (uint32_t b = firstBlock; b < lastBlock; ++b) {
        if (!d.covered[b])
            continue;
        const uint32_t lo = std::max(b * 8, f.offset), hi = std::min(b * 8 + 8, end);
        if (std::memcmp(d.data.data() + lo, f.payload + (lo - f.offset), hi - lo) != 0)
            return false;
    }
    for (uint32_t b = firstBlock; b < lastBlock; ++b) {
        if (d.covered[b])
            continue;
        const uint32_t lo = std::max(b * 8, f.offset), hi = std::min(b * 8 + 8, end);
        std::memcpy(d.data.data() + lo, f.payload + (lo - f.offset), hi - lo);
        d.covered[b] = 1;
    }
    if (!f.more) {
        d.totalKnown = true;
        d.totalLen = end;
    }
    if (f.offset == 0 && d.headerLen == 0) {
        d.headerLen = std::min<uint32_t>(f.headerLen, uint32_t(d.header.size()));
        std::memcpy(d.header.data(), f.header, d.headerLen);
    }
    return true;
}

bool IpDefragmenter::complete(const Datagram &d) const
{
    if (!d.totalKnown || d.headerLen == 0 || d.data.size() != d.totalLen)
        return false;
    return std::all_of(d.covered.begin(), d.covered.end(), [](uint8_t c) { return c != 0; });
}

// The rebuilt datagram sits behind the completing frame's prefix, so offsets into the frame
// up to the IP header stay valid.
void IpDefragmenter::build(const Datagram &d, const IpFragment &last)
{
    out_.clear();
    out_.insert(out_.end(), last.prefix, last.prefix + last.prefixLen);
    const size_t hdr = out_.size();
    out_.insert(out_.end(), d.header.data(), d.header.data() + d.headerLen);
    out_.insert(out_.end(), d.data.begin(), d.data.begin() + d.totalLen);
    uint8_t *h = out_.data() + hdr;
    if (d.key.family == AddressFamily::V4) {
        const uint32_t total = std::min<uint32_t>(kMaxPayload, d.headerLen + d.totalLen);
        h[2] = uint8_t(total >> 8);
        h[3] = uint8_t(total);
        h[6] = 0;   // clear MF and the fragment offset: this is a whole datagram now
        h[7] = 0;
    } else {
        h[4] = uint8_t(d.totalLen >> 8);
        h[5] = uint8_t(d.totalLen);
        h[6] = last.protocol;
    }
    outFrames_ = d.frames;
    outWireLen_ = d.wireLen;
}

void IpDefragmenter::release(List::iterator it, bool dropped)
{
    if (dropped)
        stats_.fragmentsDropped += it->frames;
    heldBytes_ -= it->data.size();
    index_.erase(it->key);
    if (spare_.size() < kMaxSpare && it->data.capacity() <= kMaxPayload + 8) {
        spare_.splice(spare_.end(), live_, it);
    } else {
        live_.erase(it);
    }
}

void IpDefragmenter::makeRoom(uint32_t bytes, const Datagram &keep)
{
    while (heldBytes_ + bytes > maxBytes_ && !live_.empty() && &live_.front() != &keep)
        release(live_.begin(), true);
}

void IpDefragmenter::expire(int64_t nowUsec)
{
    while (!live_.empty() && nowUsec - live_.front().firstUsec > int64_t(timeoutUsec_))
        release(live_.begin(), true);
}

} // namespace luacap::engine

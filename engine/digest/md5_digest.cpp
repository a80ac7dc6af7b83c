// Md5Digest: a running MD5 with RFC 1321's padding; batched bytes wait in Md5Lanes.
#include "digest/md5_digest.h"

#include <cstring>

#include "digest/md5_lanes.h"

namespace luacap::engine {

Md5Digest::~Md5Digest()
{
    if (lanes_)
        lanes_->remove(*this);
}

void Md5Digest::add(const uint8_t *data, size_t len)
{
    if (len == 0)
        return;
    length_ += len;
    if (waiting_) {
        waiting_->insert(waiting_->end(), data, data + len);
        lanes_->added(*this, len);
    } else if (!batched_ || tailLen_ + len < kMd5Block) {
        addDirect(data, len);
    } else {
        startWaiting(data, len);
    }
}

void Md5Digest::addDirect(const uint8_t *data, size_t len)
{
    if (tailLen_ > 0) {
        const size_t take = std::min(len, kMd5Block - tailLen_);
        std::memcpy(tail_.data() + tailLen_, data, take);
        tailLen_ = uint8_t(tailLen_ + take);
        data += take;
        len -= take;
        if (tailLen_ < kMd5Block)
            return;
        md5Blocks(state_, tail_.data(), 1);
        tailLen_ = 0;
    }
    const size_t blocks = len / kMd5Block;
    md5Blocks(state_, data, blocks);
    tailLen_ = uint8_t(len - blocks * kMd5Block);
    std::memcpy(tail_.data(), data + blocks * kMd5Block, tailLen_);
}

void Md5Digest::startWaiting(const uint8_t *data, size_t len)
{
    Md5Lanes &lanes = Md5Lanes::forThisThread();
    waiting_ = lanes.borrow();
    waiting_->assign(tail_.data(), tail_.data() + tailLen_);
    waiting_->insert(waiting_->end(), data, data + len);
    tailLen_ = 0;
    lanes.enqueue(*this);
    lanes.added(*this, waiting_->size());
}

void Md5Digest::stopWaiting(size_t consumed)
{
    tailLen_ = uint8_t(waiting_->size() - consumed);
    std::memcpy(tail_.data(), waiting_->data() + consumed, tailLen_);
    lanes_->giveBack(std::move(waiting_));
    lanes_ = nullptr;
    slot_ = -1;
}

void Md5Digest::compressWaiting()
{
    const size_t blocks = waiting_->size() / kMd5Block;
    md5Blocks(state_, waiting_->data(), blocks);
    stopWaiting(blocks * kMd5Block);
}

std::array<uint8_t, 16> Md5Digest::finish()
{
    // With enough other streams waiting, finishing them together beats this stream alone,
    // even though the others then run in part-empty lanes (Md5Lanes::finishTogetherAt).
    if (lanes_ && lanes_->waitingStreams() >= Md5Lanes::finishTogetherAt())
        lanes_->runAll();
    if (lanes_) {
        lanes_->remove(*this);
        compressWaiting();
    }
    // Padding: 0x80, zeros, then the length in bits (little endian) ending a block.
    uint8_t last[2 * kMd5Block] = {};
    std::memcpy(last, tail_.data(), tailLen_);
    last[tailLen_] = 0x80;
    const size_t total = size_t(tailLen_) + 1 + 8 <= kMd5Block ? kMd5Block : 2 * kMd5Block;
    const uint64_t bits = length_ * 8;
    for (size_t i = 0; i < 8; ++i)
        last[total - 8 + i] = uint8_t(bits >> (8 * i));
    md5Blocks(state_, last, total / kMd5Block);
    std::array<uint8_t, 16> out;
    for (size_t i = 0; i < 16; ++i)
        out[i] = uint8_t(state_[i / 4] >> (8 * (i % 4)));
    reset();
    return out;
}

std::string Md5Digest::finishHex()
{
    static constexpr char kHex[] = "0123456789abcdef";
    const std::array<uint8_t, 16> bytes = finish();
    std::string hex(32, '0');
    for (size_t i = 0; i < bytes.size(); ++i) {
        hex[2 * i] = kHex[bytes[i] >> 4];
        hex[2 * i + 1] = kHex[bytes[i] & 15];
    }
    return hex;
}

void Md5Digest::reset()
{
    if (lanes_) {
        lanes_->remove(*this);
        stopWaiting(waiting_->size());
    }
    state_ = kMd5Init;
    length_ = 0;
    tailLen_ = 0;
}

} // namespace luacap::engine

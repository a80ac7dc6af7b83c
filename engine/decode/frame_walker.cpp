// FrameWalker core: resets the packet's info, runs the layer walk, turns its verdict into
// PacketKind, flags and stats (reader thread).
#include "decode/frame_walker.h"

#include "decode/ip_defragmenter.h"

namespace luacap::engine {

FrameWalker::FrameWalker(const DecoderConfig &config, DecodeStats &stats, IpDefragmenter &defrag)
    : config_(config), stats_(stats), defrag_(defrag)
{
}

// Everything but what the caller set before decode() goes back to its default. Copying from
// a constant avoids building a temporary on the stack, whose mixed-width stores read back as
// 16-byte loads stall store forwarding (this was a fifth of the decode time).
void FrameWalker::resetInfo(PacketInfo &info)
{
    static const PacketInfo kFresh{};
    const int64_t tsUsec = info.tsUsec, clockUsec = info.clockUsec;
    const uint64_t filePos = info.filePos;
    const uint8_t *data = info.data;
    const uint32_t fileIndex = info.fileIndex, capLen = info.capLen,
                   wireLen = info.wireLen, frameNumber = info.frameNumber;
    info = kFresh;
    info.tsUsec = tsUsec;
    info.clockUsec = clockUsec;
    info.filePos = filePos;
    info.fileIndex = fileIndex;
    info.data = data;
    info.capLen = capLen;
    info.wireLen = wireLen;
    info.frameNumber = frameNumber;
}

DecodedBytes FrameWalker::run(int linkType, const uint8_t *frame, uint32_t capLen, PacketInfo &info)
{
    resetInfo(info);
    data_ = frame;
    len_ = frame ? capLen : 0;
    info_ = &info;
    depth_ = 0;
    etherTypeSet_ = false;
    haveIp_ = false;
    ip_ = IpLayer{};
    prevIp_ = IpLayer{};
    prevHaveIp_ = false;

    ++stats_.packets;
    stats_.bytes += info.wireLen;
    if (capLen < info.wireLen) {
        info.flags |= FlagTruncated;
        ++stats_.truncatedPackets;
    }
    const Verdict v = link(linkType);
    finish(v);
    if (v == Verdict::Fragment)
        return {};
    return {data_, len_};
}

void FrameWalker::finish(Verdict v)
{
    PacketInfo &info = *info_;
    switch (v) {
    case Verdict::Session:
        info.kind = PacketKind::Session;
        ++stats_.sessionPackets;
        break;
    case Verdict::Counted:
        info.kind = PacketKind::Counted;
        break;
    case Verdict::CorruptEther:
        info.kind = PacketKind::Corrupt;
        info.flags |= FlagCorruptEther;
        ++stats_.corruptEther;
        break;
    case Verdict::CorruptIp:
        info.kind = PacketKind::Corrupt;
        info.flags |= FlagCorruptIp;
        ++stats_.corruptIp;
        break;
    case Verdict::Fragment:
        info.kind = PacketKind::Fragment;
        info.keyValid = false;
        break;
    }
}

bool FrameWalker::knownLinkType(int linkType)
{
    switch (linkType) {
    case 0: case 1: case 10: case 12: case 14: case 101: case 108: case 113: case 228: case 229: case 239: case 276:
        return true;
    default:
        return false;
    }
}

} // namespace luacap::engine

namespace luacap::engine {

void FrameWalker::setKey(const SessionKey &key, bool srcIsA)
{
    if (&info_->key != &key)
        info_->key = key;
    info_->key.vlan = vlanKey();
    info_->srcIsA = srcIsA;
    info_->hash = info_->key.hash();
    info_->keyValid = true;
}

// sessionIdTracking=vlan: the outermost VLAN id is part of the session identity.
uint16_t FrameWalker::vlanKey() const
{
    return config_.vlanInSessionKey && info_->vlanCount > 0 ? info_->vlans[0] : 0;
}

} // namespace luacap::engine

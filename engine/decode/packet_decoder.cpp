// PacketDecoder: owns the defragmenter and the per-frame walker (reader thread).
#include "decode/packet_decoder.h"

#include "decode/frame_walker.h"
#include "decode/ip_defragmenter.h"

namespace luacap::engine {

struct PacketDecoder::State {
    FrameWalker walker;
};

PacketDecoder::PacketDecoder(int linkType, const DecoderConfig &config)
    : linkType_(linkType), config_(config),
      defrag_(std::make_unique<IpDefragmenter>(config.fragmentTimeoutUsec, config.maxFragmentBytes,
                                               config.maxFragmentDatagrams, stats_)),
      state_(std::make_unique<State>(State{FrameWalker(config_, stats_, *defrag_)}))
{
}

PacketDecoder::~PacketDecoder() = default;

bool PacketDecoder::supportsLinkType(int linkType)
{
    return FrameWalker::knownLinkType(linkType);
}

DecodedBytes PacketDecoder::decode(const uint8_t *frame, uint32_t capLen, PacketInfo &info)
{
    return state_->walker.run(linkType_, frame, capLen, info);
}

void PacketDecoder::expireFragments(int64_t nowUsec)
{
    defrag_->expire(nowUsec);
}

} // namespace luacap::engine

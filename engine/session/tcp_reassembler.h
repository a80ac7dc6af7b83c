// TcpReassembler: one direction of a TCP stream, on the owning packet thread.
// Delivers bytes in sequence order exactly once; holds out-of-order segments in a bounded
// buffer; skips (and counts) gaps it cannot fill.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

namespace luacap::engine {

// Receives what the reassembler delivers.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    virtual void data(const uint8_t *bytes, uint32_t len) = 0;
    virtual void gap(uint32_t len) = 0;
};

struct ReassemblyStats {
    uint64_t deliveredBytes = 0;
    uint64_t retransmittedBytes = 0;  // bytes already delivered that arrived again
    uint64_t overlapBytes = 0;        // bytes of held segments overlapping other held bytes
    uint64_t outOfOrderSegments = 0;  // segments that had to be held
    uint64_t gaps = 0;                // gaps skipped
    uint64_t gapBytes = 0;
};

class TcpReassembler {
public:
    explicit TcpReassembler(uint32_t maxHeldBytes = 1u << 20) : maxHeldBytes_(maxHeldBytes) {}

    // The first sequence number of the stream's data (ISN + 1 after a SYN).
    void start(uint32_t nextSeq);
    bool started() const { return started_; }

    // Feeds one segment's payload. Delivers what became contiguous; when the held bytes
    // exceed the bound, skips to the earliest held segment (a gap). A segment fed before
    // start() starts the stream at its own sequence number.
    void segment(uint32_t seq, const uint8_t *payload, uint32_t len, StreamSink &sink);

    // End of stream (FIN/RST/timeout/end of input): delivers every held byte, skipping gaps.
    void flush(StreamSink &sink);

    uint32_t nextSeq() const { return next_; }
    uint32_t heldBytes() const { return held_; }
    const ReassemblyStats &stats() const { return stats_; }

private:
    void deliver(const uint8_t *bytes, uint32_t len, StreamSink &sink);
    void hold(uint64_t start, const uint8_t *payload, uint32_t len);
    void holdPiece(uint64_t start, const uint8_t *payload, uint32_t len);
    void deliverHeld(StreamSink &sink);
    void skipToFirstHeld(StreamSink &sink);

    using HeldMap = std::map<uint64_t, std::vector<uint8_t>>;
    bool holding() const { return heldSegments_ && !heldSegments_->empty(); }

    uint64_t base_ = 0;                // stream offset of next_
    uint32_t maxHeldBytes_;
    uint32_t next_ = 0;                // next sequence number to deliver
    uint32_t held_ = 0;
    bool started_ = false;
    // Held segments keyed by (seq - next_) is unstable as next_ moves; key by absolute
    // offset from the stream start (64-bit, so wrap-around is handled once, on entry).
    // Held pieces never overlap each other: the bytes that arrived first are kept. Most
    // streams never hold anything: the map is only allocated for the first held piece.
    std::unique_ptr<HeldMap> heldSegments_;
    ReassemblyStats stats_;
};

} // namespace luacap::engine

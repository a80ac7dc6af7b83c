// TcpReassembler implementation (packet thread). Sequence numbers are turned into 64-bit
// stream offsets on entry (signed 32-bit distance from next_), so wrap-around at 2^32 needs
// no special case below that point.
#include "session/tcp_reassembler.h"

#include <algorithm>
#include <iterator>

namespace luacap::engine {

void TcpReassembler::start(uint32_t nextSeq)
{
    started_ = true;
    next_ = nextSeq;
    base_ = 0;
    held_ = 0;
    heldSegments_.reset();
}

void TcpReassembler::segment(uint32_t seq, const uint8_t *payload, uint32_t len, StreamSink &sink)
{
    if (len == 0)
        return;
    if (!started_)
        start(seq);
    int64_t begin = int64_t(base_) + int32_t(seq - next_);
    const int64_t end = begin + len;
    if (end <= int64_t(base_)) {
        stats_.retransmittedBytes += len;
        return;
    }
    if (begin < int64_t(base_)) {
        // The front was delivered already: only the new tail counts.
        const uint32_t old = uint32_t(int64_t(base_) - begin);
        stats_.retransmittedBytes += old;
        payload += old;
        len -= old;
        begin = int64_t(base_);
    }
    if (uint64_t(begin) == base_ && !holding()) {
        deliver(payload, len, sink);  // the common in-order case: no copy
        return;
    }
    if (uint64_t(begin) > base_)
        ++stats_.outOfOrderSegments;
    hold(uint64_t(begin), payload, len);
    deliverHeld(sink);
    while (held_ > maxHeldBytes_ && holding())
        skipToFirstHeld(sink);
}

void TcpReassembler::flush(StreamSink &sink)
{
    while (holding())
        skipToFirstHeld(sink);
}

void TcpReassembler::deliver(const uint8_t *bytes, uint32_t len, StreamSink &sink)
{
    base_ += len;
    next_ += len;
    stats_.deliveredBytes += len;
    sink.data(bytes, len);
}

// Keeps only the parts of [start, start + len) that no held piece covers yet: the bytes
// that arrived first win, as a receiving TCP stack would have kept them.
void TcpReassembler::hold(uint64_t start, const uint8_t *payload, uint32_t len)
{
    if (!heldSegments_)
        heldSegments_ = std::make_unique<HeldMap>();
    const HeldMap &held = *heldSegments_;
    const uint64_t end = start + len;
    uint64_t pos = start;
    auto it = held.upper_bound(pos);
    if (it != held.begin()) {
        const auto before = std::prev(it);
        const uint64_t beforeEnd = before->first + before->second.size();
        if (beforeEnd > pos) {
            const uint64_t covered = std::min(beforeEnd, end);
            stats_.overlapBytes += covered - pos;
            pos = covered;
        }
    }
    while (pos < end) {
        if (it == held.end() || it->first >= end) {
            holdPiece(pos, payload + (pos - start), uint32_t(end - pos));
            return;
        }
        if (it->first > pos)
            holdPiece(pos, payload + (pos - start), uint32_t(it->first - pos));
        const uint64_t covered = std::min<uint64_t>(it->first + it->second.size(), end);
        stats_.overlapBytes += covered - it->first;
        pos = covered;
        ++it;
    }
}

void TcpReassembler::holdPiece(uint64_t start, const uint8_t *payload, uint32_t len)
{
    heldSegments_->emplace(start, std::vector<uint8_t>(payload, payload + len));
    held_ += len;
}

void TcpReassembler::deliverHeld(StreamSink &sink)
{
    while (holding()) {
        auto it = heldSegments_->begin();
        if (it->first > base_)
            return;
        std::vector<uint8_t> piece = std::move(it->second);
        const uint64_t pieceStart = it->first;
        heldSegments_->erase(it);
        held_ -= uint32_t(piece.size());
        const uint64_t pieceEnd = pieceStart + piece.size();
        if (pieceEnd <= base_) {
            stats_.overlapBytes += piece.size();
            continue;
        }
        const uint32_t skip = uint32_t(base_ - pieceStart);
        deliver(piece.data() + skip, uint32_t(piece.size()) - skip, sink);
    }
}

void TcpReassembler::skipToFirstHeld(StreamSink &sink)
{
    const uint64_t first = heldSegments_->begin()->first;
    if (first > base_) {
        const uint32_t missing = uint32_t(first - base_);
        base_ = first;
        next_ += missing;
        ++stats_.gaps;
        stats_.gapBytes += missing;
        sink.gap(missing);
    }
    deliverHeld(sink);
}

} // namespace luacap::engine

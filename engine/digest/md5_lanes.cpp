// Md5Lanes: schedules waiting MD5 streams onto md5Blocks8's eight lanes.
#include "digest/md5_lanes.h"

#include <algorithm>
#include <cstdint>

#include "digest/md5_block.h"
#include "digest/md5_digest.h"

namespace luacap::engine {

namespace {
// Below this many busy lanes the eight-lane code no longer beats one stream at a time.
constexpr size_t kMinBusyLanes = 2;
constexpr size_t kMaxSpareCapacity = 16 * 1024;  // bigger buffers are freed, not pooled
} // namespace

struct Md5Lanes::Lane {
    Md5Digest *digest = nullptr;
    const uint8_t *data = nullptr;
    size_t blocks = 0;
};

Md5Lanes &Md5Lanes::forThisThread()
{
    static thread_local Md5Lanes lanes;
    return lanes;
}

size_t Md5Lanes::finishTogetherAt()
{
    static const size_t at = md5LaneCode() == Md5LaneCode::Avx512 ? 4 : md5LanesAvailable() ? 6 : SIZE_MAX;
    return at;
}

Md5Lanes::~Md5Lanes()
{
    runAll();
}

std::unique_ptr<std::vector<uint8_t>> Md5Lanes::borrow()
{
    if (spare_.empty())
        return std::make_unique<std::vector<uint8_t>>();
    std::unique_ptr<std::vector<uint8_t>> buffer = std::move(spare_.back());
    spare_.pop_back();
    return buffer;
}

void Md5Lanes::giveBack(std::unique_ptr<std::vector<uint8_t>> buffer)
{
    if (buffer->capacity() <= kMaxSpareCapacity && spare_.size() < 4 * kRunAtStreams) {
        buffer->clear();
        spare_.push_back(std::move(buffer));
    }
}

void Md5Lanes::enqueue(Md5Digest &d)
{
    d.lanes_ = this;
    d.slot_ = int32_t(waiting_.size());
    waiting_.push_back(&d);
}

void Md5Lanes::remove(Md5Digest &d)
{
    const size_t slot = size_t(d.slot_);
    waiting_[slot] = waiting_.back();
    waiting_[slot]->slot_ = int32_t(slot);
    waiting_.pop_back();
    waitingBytes_ -= std::min(waitingBytes_, d.waiting_->size());
    d.slot_ = -1;
}

void Md5Lanes::added(Md5Digest &d, size_t bytes)
{
    waitingBytes_ += bytes;
    if (d.waiting_->size() > kMaxStreamBytes) {
        remove(d);
        d.compressWaiting();
    } else if (waiting_.size() >= kRunAtStreams || waitingBytes_ >= kRunAtBytes) {
        runAll();
    }
}

void Md5Lanes::runAll()
{
    running_.swap(waiting_);
    waitingBytes_ = 0;
    size_t next = md5LanesAvailable() ? runLanes(running_) : 0;
    for (; next < running_.size(); ++next)
        running_[next]->compressWaiting();
    running_.clear();
}

// Takes the next job with at least one whole block; jobs with none just stop waiting.
bool Md5Lanes::refill(Lane &lane, const std::vector<Md5Digest *> &jobs, size_t &next)
{
    lane = Lane{};
    while (next < jobs.size()) {
        Md5Digest *d = jobs[next++];
        const size_t blocks = d->waiting_->size() / kMd5Block;
        if (blocks == 0) {
            d->stopWaiting(0);
            continue;
        }
        lane = Lane{d, d->waiting_->data(), blocks};
        return true;
    }
    return false;
}

// Runs jobs through the eight lanes while enough of them are busy; returns the index of the
// first job it did not take. Jobs still in a lane when it stops are finished one at a time.
size_t Md5Lanes::runLanes(const std::vector<Md5Digest *> &jobs)
{
    if (jobs.size() < kMinBusyLanes)
        return 0;
    Lane lanes[kMd5Lanes];
    size_t next = 0;
    for (Lane &lane : lanes)
        refill(lane, jobs, next);
    Md5State idle[kMd5Lanes];  // idle lanes hash a busy lane's bytes into these
    for (;;) {
        size_t busy = 0, step = SIZE_MAX;
        const uint8_t *anyData = nullptr;
        for (const Lane &lane : lanes)
            if (lane.digest) {
                ++busy;
                step = std::min(step, lane.blocks);
                anyData = lane.data;
            }
        if (busy < kMinBusyLanes)
            break;
        Md5State *states[kMd5Lanes];
        const uint8_t *data[kMd5Lanes];
        for (size_t i = 0; i < kMd5Lanes; ++i) {
            states[i] = lanes[i].digest ? &lanes[i].digest->state_ : &idle[i];
            data[i] = lanes[i].digest ? lanes[i].data : anyData;
        }
        md5Blocks8(states, data, step);
        laneBlocks_ += busy * step;
        for (Lane &lane : lanes) {
            if (!lane.digest)
                continue;
            lane.data += step * kMd5Block;
            lane.blocks -= step;
            if (lane.blocks == 0) {
                lane.digest->stopWaiting(size_t(lane.data - lane.digest->waiting_->data()));
                refill(lane, jobs, next);
            }
        }
    }
    for (Lane &lane : lanes)
        if (lane.digest) {
            md5Blocks(lane.digest->state_, lane.data, lane.blocks);
            lane.digest->stopWaiting(size_t(lane.data - lane.digest->waiting_->data()) + lane.blocks * kMd5Block);
        }
    return next;
}

} // namespace luacap::engine

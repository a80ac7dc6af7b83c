// Md5Lanes: the per-thread queue of batched MD5 streams. A packet carries ~1.5 KB of one
// body; many bodies are open at once, so once enough streams have blocks waiting they are
// compressed eight at a time (md5Blocks8), refilling a lane as soon as its stream runs dry.
// One per packet thread (thread_local): digests only ever wait in their own thread's lanes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace luacap::engine {

class Md5Digest;

class Md5Lanes {
public:
    static Md5Lanes &forThisThread();

    Md5Lanes() = default;
    ~Md5Lanes();  // compresses what still waits, so no digest points here any more
    Md5Lanes(const Md5Lanes &) = delete;
    Md5Lanes &operator=(const Md5Lanes &) = delete;

    // Compresses every waiting stream's whole blocks.
    void runAll();
    size_t waitingStreams() const { return waiting_.size(); }
    // How many other waiting streams make a finishing digest run the lanes rather than
    // finish alone: from luacap-md5-bench's rates (one stream ~400 MB/s; eight lanes ~1.9 GB/s
    // with AVX-512VL, ~1.1 GB/s with AVX2), running is cheaper from 4 (resp. 6) others on.
    static size_t finishTogetherAt();
    uint64_t laneBlocks() const { return laneBlocks_; }  // blocks compressed eight lanes wide

    static constexpr size_t kRunAtStreams = 16;           // enough to keep eight lanes busy
    static constexpr size_t kRunAtBytes = 1024 * 1024;    // bound on what waits per thread
    static constexpr size_t kMaxStreamBytes = 64 * 1024;  // one stream alone gains nothing by waiting

private:
    friend class Md5Digest;
    struct Lane;
    std::unique_ptr<std::vector<uint8_t>> borrow();
    void giveBack(std::unique_ptr<std::vector<uint8_t>> buffer);
    void enqueue(Md5Digest &d);
    void remove(Md5Digest &d);
    void added(Md5Digest &d, size_t bytes);
    size_t runLanes(const std::vector<Md5Digest *> &jobs);
    bool refill(Lane &lane, const std::vector<Md5Digest *> &jobs, size_t &next);

    std::vector<Md5Digest *> waiting_;
    std::vector<Md5Digest *> running_;  // runAll's copy of waiting_, kept for its capacity
    size_t waitingBytes_ = 0;
    uint64_t laneBlocks_ = 0;
    std::vector<std::unique_ptr<std::vector<uint8_t>>> spare_;
};

} // namespace luacap::engine

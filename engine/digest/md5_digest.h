// Md5Digest: one running MD5 (an HTTP body, a mail attachment), on the packet thread that
// owns its session. Batched digests leave their whole blocks waiting in the thread's
// Md5Lanes until enough streams have data to fill the AVX2 lanes; finish() compresses
// whatever still waits first, so the digest is the same in either mode.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "digest/md5_block.h"

namespace luacap::engine {

class Md5Lanes;

class Md5Digest {
public:
    enum class Mode { Direct, Batched };
    explicit Md5Digest(Mode mode = Mode::Direct) : batched_(mode == Mode::Batched) {}
    ~Md5Digest();
    Md5Digest(const Md5Digest &) = delete;
    Md5Digest &operator=(const Md5Digest &) = delete;

    void add(const uint8_t *data, size_t len);
    void add(std::string_view data) { add(reinterpret_cast<const uint8_t *>(data.data()), data.size()); }
    // The digest of everything added since construction or the last reset; then resets.
    std::array<uint8_t, 16> finish();
    std::string finishHex();
    void reset();
    uint64_t size() const { return length_; }  // bytes added since the last reset

private:
    friend class Md5Lanes;
    void addDirect(const uint8_t *data, size_t len);
    void startWaiting(const uint8_t *data, size_t len);
    // The first `consumed` bytes of the waiting buffer are compressed: the rest (under one
    // block) becomes the tail and the buffer goes back to the lanes.
    void stopWaiting(size_t consumed);
    void compressWaiting();  // the whole waiting buffer, one stream at a time

    Md5State state_ = kMd5Init;
    uint64_t length_ = 0;
    std::array<uint8_t, kMd5Block> tail_{};  // bytes after the last whole block, when not waiting
    uint8_t tailLen_ = 0;
    bool batched_;
    int32_t slot_ = -1;                              // index in lanes_' waiting list
    Md5Lanes *lanes_ = nullptr;                      // set while bytes wait there
    std::unique_ptr<std::vector<uint8_t>> waiting_;  // the bytes waiting: blocks, then a tail
};

} // namespace luacap::engine

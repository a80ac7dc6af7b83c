// QuiescentReaders: quiescent-state-based reclamation (Arkime's free-later, made exact).
// Reader threads (packet threads) register a slot and report a quiescent state between
// batches, when they hold no pointer into shared data. The writer retires an old version
// with the epoch it advanced to after publishing the new one, and frees it once every
// registered reader has reported that epoch or left. Readers never lock or allocate.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace luacap::engine {

class QuiescentReaders {
public:
    static constexpr int kMaxReaders = 256;
    static constexpr uint64_t kOffline = UINT64_MAX;

    // Reader side (the registering thread). enter() throws std::runtime_error when every
    // slot is taken; the thread counts as holding everything until its first quiescent().
    int enter();
    void quiescent(int slot);
    void leave(int slot);
    // True when the calling thread holds a slot here.
    bool currentThreadRegistered() const;

    // Writer side (any thread). advance() after publishing: versions replaced before it may be
    // freed once safeToFree(epoch) is true.
    uint64_t advance() { return epoch_.fetch_add(1) + 1; }
    bool safeToFree(uint64_t retiredAt) const { return oldestSeen() >= retiredAt; }
    uint64_t oldestSeen() const;
    int activeReaders() const;

private:
    struct alignas(64) Slot {
        std::atomic<bool> used{false};
        std::atomic<uint64_t> seen{kOffline};
    };
    std::array<Slot, kMaxReaders> slots_;
    std::atomic<uint64_t> epoch_{1};
};

// RAII registration of the current thread (a packet thread, for its whole life).
class ReaderSlot {
public:
    explicit ReaderSlot(QuiescentReaders &readers) : readers_(readers), slot_(readers.enter()) {}
    ~ReaderSlot() { readers_.leave(slot_); }
    ReaderSlot(const ReaderSlot &) = delete;
    ReaderSlot &operator=(const ReaderSlot &) = delete;
    void quiescent() { readers_.quiescent(slot_); }

private:
    QuiescentReaders &readers_;
    int slot_;
};

} // namespace luacap::engine

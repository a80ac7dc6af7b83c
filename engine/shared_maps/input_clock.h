// InputClock: the newest packet time any packet thread has finished a batch at (microseconds),
// published between batches by QuiescentObserver; what core.now() reports during a replay.
// Written by packet threads, read by any thread; no lock.
#pragma once

#include <atomic>
#include <cstdint>

namespace luacap::engine {

class InputClock {
public:
    void advance(int64_t usec)
    {
        int64_t seen = usec_.load(std::memory_order_relaxed);
        while (usec > seen && !usec_.compare_exchange_weak(seen, usec, std::memory_order_relaxed)) {
        }
    }
    int64_t usec() const { return usec_.load(std::memory_order_relaxed); }

private:
    std::atomic<int64_t> usec_{0};
};

} // namespace luacap::engine

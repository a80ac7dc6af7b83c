// SpscQueue: bounded single-producer single-consumer ring of T, lock-free, with blocking
// push/pop that sleep on C++20 atomic wait. Carries batches between threads (never single packets).
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>
#include <vector>

namespace luacap::engine {

template <typename T>
class SpscQueue {
public:
    explicit SpscQueue(size_t capacity) : slots_(roundUp(capacity)), mask_(slots_.size() - 1) {}

    bool tryPush(T &&value)
    {
        const uint64_t tail = tail_.load(std::memory_order_relaxed);
        if (tail - head_.load(std::memory_order_acquire) == slots_.size())
            return false;
        slots_[tail & mask_] = std::move(value);
        tail_.store(tail + 1, std::memory_order_release);
        tail_.notify_one();
        if (bell_) {
            bell_->fetch_add(1, std::memory_order_release);
            bell_->notify_all();
        }
        return true;
    }

    // Any thread: how many items wait (a snapshot; exact only on the producer or consumer).
    size_t approxSize() const
    {
        const uint64_t head = head_.load(std::memory_order_acquire);   // first: head never passes tail
        return size_t(tail_.load(std::memory_order_acquire) - head);
    }

    bool tryPop(T &out)
    {
        const uint64_t head = head_.load(std::memory_order_relaxed);
        if (head == tail_.load(std::memory_order_acquire))
            return false;
        out = std::move(slots_[head & mask_]);
        head_.store(head + 1, std::memory_order_release);
        head_.notify_one();
        return true;
    }

    // Blocks while the queue is full (backpressure on the producer).
    void push(T value)
    {
        for (;;) {
            if (tryPush(std::move(value)))
                return;
            const uint64_t head = head_.load(std::memory_order_acquire);
            if (tail_.load(std::memory_order_relaxed) - head == slots_.size())
                head_.wait(head, std::memory_order_acquire);
        }
    }

    // Blocks while the queue is empty.
    T pop()
    {
        T out{};
        for (;;) {
            if (tryPop(out))
                return out;
            const uint64_t tail = tail_.load(std::memory_order_acquire);
            if (tail == head_.load(std::memory_order_relaxed))
                tail_.wait(tail, std::memory_order_acquire);
        }
    }

    size_t capacity() const { return slots_.size(); }
    // A consumer that also waits for other events (a packet thread's session commands)
    // sleeps on its own counter instead of tail_: every push rings it too. Set before use.
    void ringOnPush(std::atomic<uint64_t> *bell) { bell_ = bell; }

private:
    static size_t roundUp(size_t n)
    {
        size_t p = 2;
        while (p < n)
            p <<= 1;
        return p;
    }

    std::vector<T> slots_;
    size_t mask_;
    std::atomic<uint64_t> *bell_ = nullptr;
    alignas(64) std::atomic<uint64_t> head_{0};  // next slot to pop (consumer owns)
    alignas(64) std::atomic<uint64_t> tail_{0};  // next slot to push (producer owns)
};

} // namespace luacap::engine

// SessionCommandQueue: one packet thread's inbox of SessionCommands. Any thread posts; only
// the owning packet thread runs them (between batches, while idle, at end of input).
// A mutex guards the list, but the packet path only reads one atomic count while it is empty.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "dispatch/session_command.h"

namespace luacap::engine {

class SessionCommandQueue : public std::enable_shared_from_this<SessionCommandQueue> {
public:
    using Clock = std::chrono::steady_clock;
    using Resolver = std::function<Session *(const SessionRef &)>;

    // The counter rung on every post: the packet thread sleeps on it while it waits for
    // batches, and its batch queue rings it too (SpscQueue::ringOnPush).
    std::atomic<uint64_t> &wake() { return wake_; }
    // Another counter to ring on every post (a packet thread that sleeps elsewhere). Set
    // before the packet thread starts.
    void alsoRing(std::atomic<uint64_t> *other) { other_ = other; }

    // Any thread.
    void post(SessionCommand command);

    // Packet thread only. One atomic load: whether there is anything to run.
    bool pending() const { return queued_.load(std::memory_order_acquire) != 0; }
    // Runs every queued command in post order; returns how many ran.
    size_t runAll(const Resolver &resolve);
    // Announces a command that will come back later (an HTTP request): replay ends only once
    // every announced command ran, or the wall-clock wait ran out.
    void expect() { ++expected_; }
    uint64_t expected() const { return expected_; }
    // Sleeps until a command is queued or deadline passes; false on timeout.
    bool waitUntil(Clock::time_point deadline);

    // The queue of the packet thread calling (nullptr on any other thread). Lets a Lua
    // binding find its thread's inbox without the engine knowing Lua; a poster on another
    // thread keeps it with shared_from_this().
    static SessionCommandQueue *current();
    // RAII: makes queue the calling thread's current() while it lives.
    class ThreadBinding {
    public:
        explicit ThreadBinding(SessionCommandQueue &queue);
        ~ThreadBinding();
        ThreadBinding(const ThreadBinding &) = delete;
        ThreadBinding &operator=(const ThreadBinding &) = delete;

    private:
        SessionCommandQueue *previous_;
    };

private:
    std::atomic<uint64_t> wake_{0};
    std::atomic<uint64_t> *other_ = nullptr;
    std::atomic<size_t> queued_{0};
    std::mutex mutex_;
    std::condition_variable posted_;
    std::vector<SessionCommand> commands_;   // guarded by mutex_
    std::vector<SessionCommand> running_;    // packet thread's scratch, reused
    uint64_t expected_ = 0;                  // packet thread only
};

} // namespace luacap::engine

// SessionCommandQueue implementation: post from any thread, runAll/waitUntil on the packet thread.
#include "dispatch/session_command_queue.h"

namespace luacap::engine {

namespace {
thread_local SessionCommandQueue *tCurrent = nullptr;
} // namespace

void SessionCommandQueue::post(SessionCommand command)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        commands_.push_back(std::move(command));
        queued_.store(commands_.size(), std::memory_order_release);
    }
    posted_.notify_one();
    wake_.fetch_add(1, std::memory_order_release);
    wake_.notify_all();
    if (other_) {
        other_->fetch_add(1, std::memory_order_release);
        other_->notify_all();
    }
}

size_t SessionCommandQueue::runAll(const Resolver &resolve)
{
    if (!pending())
        return 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        running_.swap(commands_);
        queued_.store(0, std::memory_order_release);
    }
    // Commands run outside the lock: one may post another (a callback that asks again).
    for (SessionCommand &c : running_) {
        if (c.answersExpected && expected_ > 0)
            --expected_;
        if (c.run)
            c.run(c.session.valid ? resolve(c.session) : nullptr);
    }
    const size_t n = running_.size();
    running_.clear();
    return n;
}

bool SessionCommandQueue::waitUntil(Clock::time_point deadline)
{
    std::unique_lock<std::mutex> lock(mutex_);
    return posted_.wait_until(lock, deadline, [this] { return !commands_.empty(); });
}

SessionCommandQueue *SessionCommandQueue::current()
{
    return tCurrent;
}

SessionCommandQueue::ThreadBinding::ThreadBinding(SessionCommandQueue &queue) : previous_(tCurrent)
{
    tCurrent = &queue;
}

SessionCommandQueue::ThreadBinding::~ThreadBinding()
{
    tCurrent = previous_;
}

} // namespace luacap::engine

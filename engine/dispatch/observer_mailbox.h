// ObserverMailbox: hands a packet thread the factory of its next observer set (a Lua reload).
// The main thread posts; the packet thread looks once per batch, one relaxed atomic load when
// nothing is waiting. A newer post replaces one not yet taken.
#pragma once

#include <atomic>
#include <memory>

#include "plugin/session_observer.h"

namespace luacap::engine {

class ObserverMailbox {
public:
    ObserverMailbox() = default;
    ~ObserverMailbox() { delete slot_.load(std::memory_order_acquire); }
    ObserverMailbox(const ObserverMailbox &) = delete;
    ObserverMailbox &operator=(const ObserverMailbox &) = delete;

    // Any thread.
    void post(ObserverFactory factory)
    {
        std::unique_ptr<ObserverFactory> replaced(
            slot_.exchange(new ObserverFactory(std::move(factory)), std::memory_order_acq_rel));
    }

    // Packet thread: the factory posted since the last take, or null.
    std::unique_ptr<ObserverFactory> take()
    {
        if (!slot_.load(std::memory_order_relaxed))
            return nullptr;
        return std::unique_ptr<ObserverFactory>(slot_.exchange(nullptr, std::memory_order_acq_rel));
    }

private:
    std::atomic<ObserverFactory *> slot_{nullptr};
};

} // namespace luacap::engine

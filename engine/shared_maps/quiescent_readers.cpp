// QuiescentReaders implementation. Every atomic access is sequentially consistent (a plain
// load on x86, an xchg for stores, which happen once per batch): a reader that registers
// while the writer scans either blocks the free or already sees the new version.
#include "shared_maps/quiescent_readers.h"

#include <algorithm>
#include <stdexcept>

namespace luacap::engine {

namespace {
thread_local const QuiescentReaders *tlsRegistered = nullptr;
}

int QuiescentReaders::enter()
{
    for (int i = 0; i < kMaxReaders; ++i) {
        bool expected = false;
        if (slots_[size_t(i)].used.compare_exchange_strong(expected, true)) {
            slots_[size_t(i)].seen.store(0);   // holds every version until its first report
            tlsRegistered = this;
            return i;
        }
    }
    throw std::runtime_error("shared maps: more than 256 reader threads");
}

void QuiescentReaders::quiescent(int slot)
{
    slots_[size_t(slot)].seen.store(epoch_.load());
}

void QuiescentReaders::leave(int slot)
{
    slots_[size_t(slot)].seen.store(kOffline);
    slots_[size_t(slot)].used.store(false);
    if (tlsRegistered == this)
        tlsRegistered = nullptr;
}

bool QuiescentReaders::currentThreadRegistered() const
{
    return tlsRegistered == this;
}

uint64_t QuiescentReaders::oldestSeen() const
{
    uint64_t oldest = kOffline;
    for (const Slot &s : slots_)
        oldest = std::min(oldest, s.seen.load());
    return oldest;
}

int QuiescentReaders::activeReaders() const
{
    return int(std::count_if(slots_.begin(), slots_.end(), [](const Slot &s) { return s.used.load(); }));
}

} // namespace luacap::engine

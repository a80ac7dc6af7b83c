// QuiescentObserver: a packet thread's registration as a shared-map reader. Created on the
// packet thread by the observer factory (before the Lua state, so scripts read registered);
// between batches it reports a quiescent state and advances the input clock.
#pragma once

#include "plugin/session_observer.h"
#include "shared_maps/input_clock.h"
#include "shared_maps/quiescent_readers.h"

namespace luacap::engine {

class QuiescentObserver final : public SessionObserver {
public:
    QuiescentObserver(QuiescentReaders &readers, InputClock &clock) : slot_(readers), clock_(clock) {}
    void onBatchEnd(int64_t clockUsec) override
    {
        slot_.quiescent();
        clock_.advance(clockUsec);
    }

private:
    ReaderSlot slot_;
    InputClock &clock_;
};

} // namespace luacap::engine

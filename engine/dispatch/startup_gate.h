// StartupGate: the reader waits until every packet thread has built its observers (a Lua
// state, parsers), and reads nothing when one of them failed, so a bad start loses no input.
#pragma once

#include <atomic>
#include <latch>

namespace luacap::engine {

struct StartupGate {
    explicit StartupGate(int threads) : ready(threads) {}
    std::latch ready;
    std::atomic<bool> failed{false};
};

} // namespace luacap::engine

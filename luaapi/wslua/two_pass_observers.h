// TwoPassObservers: the Lua observers of `luacap replay --two-pass` (tshark -2). Pass one
// builds each packet thread's Lua observers, runs only the Wireshark-style dissectors
// (pinfo.visited false; the Arkime callbacks wait for pass two) and parks them when its
// thread ends; pass two's packet thread of the same index takes them over, with the
// conversation and packet data pass one left. The factories run on packet threads, each
// touching only its own index; the object lives on the thread that runs the replay.
#pragma once

#include <memory>
#include <vector>

#include "plugin/session_observer.h"

namespace luacap::luaapi::wslua {

class TwoPassObservers {
public:
    // lua: the run's Lua observer factory (LuaRuntime::factory).
    TwoPassObservers(engine::ObserverFactory lua, int threads);
    ~TwoPassObservers();

    engine::ObserverFactory firstPass();
    engine::ObserverFactory secondPass();

private:
    using Observers = std::vector<std::unique_ptr<engine::SessionObserver>>;
    Observers first(int thread);
    Observers second(int thread);

    engine::ObserverFactory lua_;
    std::vector<Observers> parked_;   // per packet thread, between the passes
};

} // namespace luacap::luaapi::wslua

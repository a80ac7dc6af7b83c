// TwoPassObservers implementation (factories on packet threads, the rest on the replay's thread).
#include "wslua/two_pass_observers.h"

#include "arkime/lua_session_observer.h"
#include "core/core_services.h"
#include "shared_maps/quiescent_observer.h"
#include "wslua/forwarding_observer.h"
#include "wslua/wslua_session_observer.h"

namespace luacap::luaapi::wslua {

TwoPassObservers::TwoPassObservers(engine::ObserverFactory lua, int threads)
    : lua_(std::move(lua)), parked_(size_t(std::max(1, threads)))
{
}

namespace {
// The calling thread takes the observers' Lua state over (their pass-one thread has ended).
void adopt(const std::vector<std::unique_ptr<engine::SessionObserver>> &observers)
{
    for (const auto &o : observers) {
        if (auto *arkime = dynamic_cast<LuaSessionObserver *>(o.get()))
            arkime->host().adoptThread();
        else if (auto *w = dynamic_cast<WsluaSessionObserver *>(o.get()))
            w->setPass(WsluaSessionObserver::Pass::Second);
    }
}
} // namespace

// Observers a run never reached pass two with die here, after their threads ended.
TwoPassObservers::~TwoPassObservers()
{
    for (const Observers &set : parked_)
        adopt(set);
}

engine::ObserverFactory TwoPassObservers::firstPass()
{
    return [this](int thread) { return first(thread); };
}

engine::ObserverFactory TwoPassObservers::secondPass()
{
    return [this](int thread) { return second(thread); };
}

TwoPassObservers::Observers TwoPassObservers::first(int thread)
{
    Observers &parked = parked_.at(size_t(thread));
    parked = lua_(thread);
    Observers out;
    for (auto &o : parked) {
        if (dynamic_cast<LuaSessionObserver *>(o.get()))
            continue;   // Arkime callbacks run once, in pass two
        if (auto *w = dynamic_cast<WsluaSessionObserver *>(o.get()))
            w->setPass(WsluaSessionObserver::Pass::First);
        out.push_back(std::make_unique<ForwardingObserver>(*o));
    }
    return out;
}

TwoPassObservers::Observers TwoPassObservers::second(int thread)
{
    Observers out = std::move(parked_.at(size_t(thread)));
    adopt(out);
    for (auto &o : out) {
        if (dynamic_cast<engine::QuiescentObserver *>(o.get()))   // registers the calling thread
            o = std::make_unique<engine::QuiescentObserver>(coreServices().maps.readers(), coreServices().inputClock);
    }
    return out;
}

} // namespace luacap::luaapi::wslua

// ForwardingObserver: hands every engine hook to an observer it does not own, so pass one of
// `luacap replay --two-pass` can drive observers that pass two then owns. Packet thread.
#pragma once

#include "plugin/session_observer.h"

namespace luacap::luaapi::wslua {

class ForwardingObserver final : public engine::SessionObserver {
public:
    explicit ForwardingObserver(engine::SessionObserver &target) : target_(target) {}

    void onNewSession(engine::Session &s) override { target_.onNewSession(s); }
    void onPacket(engine::Session &s, const engine::PacketInfo &p, const uint8_t *bytes, int direction) override
    {
        target_.onPacket(s, p, bytes, direction);
    }
    void onData(engine::Session &s, int direction, const uint8_t *data, uint32_t len) override
    {
        target_.onData(s, direction, data, len);
    }
    void onGap(engine::Session &s, int direction, uint32_t len) override { target_.onGap(s, direction, len); }
    void onPreSave(engine::Session &s, bool final) override { target_.onPreSave(s, final); }
    void onSessionFreed(engine::Session &s) override { target_.onSessionFreed(s); }
    void onBatchEnd(int64_t clockUsec) override { target_.onBatchEnd(clockUsec); }
    engine::HttpObserver *httpObserver() override { return target_.httpObserver(); }

private:
    engine::SessionObserver &target_;
};

} // namespace luacap::luaapi::wslua

// PacketMeta: what pinfo shows of one packet, copied from the engine's PacketInfo when the
// packet reaches its session (packet thread). Kept per session so stream bytes delivered
// later (a reassembler flush) are dissected with their session's last packet.
#pragma once

#include <array>
#include <cstdint>

#include "session/session_key.h"

namespace luacap::luaapi::wslua {

struct PacketMeta {
    uint32_t frame = 0;
    int64_t tsUsec = 0;
    int64_t sessionStartUsec = 0;
    uint32_t wireLen = 0;
    uint32_t capLen = 0;
    engine::AddressFamily family = engine::AddressFamily::NonIp;
    std::array<uint8_t, 16> src{}, dst{};
    uint16_t srcPort = 0, dstPort = 0;
    uint8_t ipProtocol = 0;
    uint16_t payloadOffset = 0;   // where the transport payload starts in the frame
};

} // namespace luacap::luaapi::wslua

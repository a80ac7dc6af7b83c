// Flow: one generated session: its endpoints, its application bytes and the packets that
// carry them, with timestamps relative to the flow's start. Built by FlowBuilder, drained
// by FlowScheduler, encoded by FrameEncoder.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "conversation.h"
#include "options.h"

namespace luacap::pcapgen {

enum TcpFlag : uint8_t { kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10 };

// How long to wait before a packet; resolved to microseconds by FlowBuilder.
// Auto: a short burst gap when the sender repeats, half an RTT when the turn changes.
enum class Gap : uint8_t { First, Auto, Think, Rto };

struct PacketSpec {
    int64_t relUsec;        // from the flow's start
    uint32_t seq, ack;      // TCP only
    uint32_t offset;        // payload offset in conv.stream[dir]
    uint16_t length;        // payload length
    uint8_t dir;            // Dir
    uint8_t flags;          // TcpFlag bits (TCP only)
    Gap gap;
};

struct Endpoint {
    std::array<uint8_t, 16> ip{};   // IPv4 uses the first 4 bytes
    uint16_t port = 0;
    std::array<uint8_t, 6> mac{};
    uint8_t ttl = 64;
    uint16_t ipId = 0;              // next IPv4 identification
};

struct Flow {
    uint64_t id = 0;
    App app = App::Http;
    bool tcp = true;
    bool ipv6 = false;
    uint16_t vlan = 0;              // 0: untagged
    bool ooo = false, retrans = false, rst = false;   // injections actually applied
    Endpoint ends[2];               // indexed by Dir
    uint32_t window[2] = {65535, 65535};
    Conversation conv;
    std::vector<PacketSpec> packets;
    int64_t startUsec = 0;          // absolute, set by the scheduler
};

} // namespace luacap::pcapgen

// FieldExtractor and FieldHit: what Field.new asked for (a Lua ProtoField, a packet field such
// as ip.src, or a session field a built-in parser fills), and one value an extractor found
// in the packet being dissected (FieldInfo reads it while that packet's objects live).
// The state's thread.
#pragma once

#include <cstdint>
#include <string>

#include "wslua/field_value.h"
#include "wslua/ws_field.h"

namespace luacap::luaapi::wslua {

enum class FieldSource : uint8_t { Lua, Packet, Session };

// Packet fields luacap knows from the packet itself (Wireshark's names).
enum class PacketField : uint8_t {
    FrameNumber, FrameLen, FrameCapLen, FrameTimeEpoch, IpSrc, IpDst, IpAddr, IpProto, Ipv6Src, Ipv6Dst,
    Ipv6Addr, TcpSrcPort, TcpDstPort, TcpPort, UdpSrcPort, UdpDstPort, UdpPort, Count
};

struct FieldExtractor {
    std::string name;
    FieldSource source = FieldSource::Lua;
    int index = 0;   // Lua: WsluaContext::fields index; Packet: PacketField; Session: engine field id
};

struct FieldHit {
    FieldValue value;
    int extractor = 0;
    FType type = FType::None;           // what FieldInfo.value and .type give
    const WsField *field = nullptr;     // Lua fields: the ProtoField (display text, label)
    const uint8_t *tvbData = nullptr;   // Lua fields added from a TvbRange: its Tvb (FieldInfo.range)
    uint32_t tvbLen = 0;
    int32_t offset = -1;                // in that Tvb; -1: none
    uint32_t frameBase = 0;             // where that Tvb starts in the frame, when it is a slice of it
    uint32_t len = 0;
    bool generated = false;
};

} // namespace luacap::luaapi::wslua

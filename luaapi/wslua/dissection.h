// Dissection: one packet's pass through the Lua dissectors (Wireshark's packet_info plus
// proto_tree): what pinfo reads and writes, the tree, columns and scratch bytes. Lives on
// the packet thread's stack for one packet; every Lua object handed out during it dies with it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/lua_ref.h"
#include "wslua/field_hit.h"
#include "wslua/packet_meta.h"
#include "wslua/packet_tree.h"

namespace luacap::engine {
struct Session;
}

namespace luacap::luaapi::wslua {

class WsluaSessionState;

// The bytes of one Tvb handed out as a light handle (its slot in Dissection::tvbs).
struct TvbBytes {
    const uint8_t *data;
    uint32_t len;
};

struct Dissection {
    const PacketMeta *meta = nullptr;
    engine::Session *session = nullptr;   // null on the load pass (never dissected there)
    WsluaSessionState *state = nullptr;   // the session's dissection state
    int direction = 0;                    // 0: from the session's source
    bool canDesegment = false;            // TCP payload: desegment_len is honoured
    uint32_t desegmentLen = 0;
    uint32_t desegmentOffset = 0;
    std::string protocol;                 // pinfo.cols.protocol
    std::string info;                     // pinfo.cols.info
    bool visited = false;                 // pinfo.visited: the second pass of --two-pass
    bool wantTree = false;                // labels are only built for --tree
    // The frame bytes the top-level Tvb is a slice of, and where it starts (FieldInfo.offset
    // counts from the frame, as Wireshark's); null for TCP stream bytes.
    const uint8_t *frameTvb = nullptr;
    uint32_t frameOffset = 0;
    PacketTree tree;
    LuaRef privateTable;                  // pinfo.private, made on first use
    uint32_t experts = 0;
    std::vector<std::unique_ptr<std::vector<uint8_t>>> scratch;   // bytes of ByteArray:tvb()
    std::vector<TvbBytes> tvbs;           // the Tvbs handed out, by light handle slot
    std::vector<FieldHit> hits;           // values Field extractors found; [0, hitCount) are this packet's
    size_t hitCount = 0;

    // A slot for one more hit (reuses the capacity of earlier packets' hits).
    FieldHit &nextHit()
    {
        if (hitCount == hits.size())
            hits.emplace_back();
        FieldHit &h = hits[hitCount++];
        std::string text = std::move(h.value.text);
        text.clear();
        h = FieldHit{};
        h.value.text = std::move(text);
        return h;
    }

    // Ready for the next packet; keeps the capacity of its buffers (no allocation per packet).
    void reset()
    {
        meta = nullptr;
        session = nullptr;
        state = nullptr;
        direction = 0;
        canDesegment = false;
        frameTvb = nullptr;
        frameOffset = 0;
        desegmentLen = desegmentOffset = 0;
        protocol.clear();
        info.clear();
        visited = false;
        if (!tree.empty())
            tree.clear();
        privateTable.reset();
        experts = 0;
        scratch.clear();
        tvbs.clear();
        hitCount = 0;
    }
};

} // namespace luacap::luaapi::wslua

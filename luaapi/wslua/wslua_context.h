// WsluaContext: everything the Wireshark-style API of one lua_State registered (protos,
// fields, experts, dissector tables, heuristics, post-dissectors, preferences) and the packet
// being dissected. A userdata in the state's registry, also upvalue 1 of every wslua
// function, so bindings reach it without a lookup. The state's thread only.
#pragma once

#include <cstdint>
#include <lua.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/lua_ref.h"
#include "wslua/field_hit.h"
#include "wslua/ws_field.h"
#include "wslua/ws_proto.h"

namespace luacap::engine {
class ClassifierTable;
}

namespace luacap::luaapi::wslua {

struct Dissection;

struct WsExpert {
    std::string abbr, text;
    int group = 0, severity = 0;
};

struct Heuristic {
    int transport = 6;   // 6 tcp, 17 udp
    int proto = -1;
    LuaRef function;
};

// Wireshark's expert groups/severities, as numbers scripts see (PI_* and expert.*).
enum ExpertSeverity : int { PiComment = 0x00100000, PiChat = 0x00200000, PiNote = 0x00400000,
                            PiWarn = 0x00600000, PiError = 0x00800000 };

class WsluaContext {
public:
    // Creates the context in L, keeps it in the registry and leaves it on the stack.
    static WsluaContext &install(lua_State *L);
    static WsluaContext &from(lua_State *L);   // through the registry (any caller)
    // Through upvalue 1 (wslua functions). A metamethod of a light handle runs without its
    // upvalues (host/light_metatable.h): then through the registry.
    static WsluaContext &up(lua_State *L)
    {
        void *p = lua_touserdata(L, lua_upvalueindex(1));   // null for the forwarder's table
        return p ? *static_cast<WsluaContext *>(p) : from(L);
    }

    std::vector<std::unique_ptr<WsProto>> protos;
    std::vector<WsField> fields;
    std::vector<WsExpert> experts;
    std::unordered_map<uint32_t, int> tcpPorts, udpPorts;   // port -> proto index
    std::vector<Heuristic> heuristics;
    std::vector<int> postDissectors;
    std::vector<FieldExtractor> extractors;   // Field.new, in creation order
    const engine::ClassifierTable *builtins = nullptr;   // packet threads: Dissector.get("http") and co.

    // Objects handed to Lua carry the epoch they were made in; only the current one is live.
    uint64_t liveEpoch() const { return current_ ? epoch_ : 0; }
    Dissection *current() const { return current_; }
    // Starts a packet's dissection (nested calls share it); end() kills its objects.
    void begin(Dissection &d) { current_ = &d; ++epoch_; }
    void end() { current_ = nullptr; }

    WsProto *protoByName(const std::string &name);
    std::unordered_map<uint32_t, int> *portTable(const std::string &name);
    bool anyDissector() const;

private:
    uint64_t epoch_ = 0;
    Dissection *current_ = nullptr;
};

} // namespace luacap::luaapi::wslua

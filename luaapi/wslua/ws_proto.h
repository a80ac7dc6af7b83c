// WsProto: a Lua Proto (Wireshark's protocol registration): names, the dissector and init
// functions, its fields and preferences. Owned by the state's WsluaContext (its thread).
#pragma once

#include <string>
#include <vector>

#include "host/lua_ref.h"

namespace luacap::luaapi::wslua {

enum class PrefType { Bool, Uint, String, Enum, Range };

struct WsPref {
    std::string name;
    std::string label;
    std::string description;
    PrefType type = PrefType::Bool;
    std::vector<std::pair<std::string, int64_t>> choices;   // Enum: (name, value)
};

struct WsProto {
    int index = -1;
    std::string name;          // as given to Proto(name, desc)
    std::string filterName;    // lower-cased name: pref prefix, conversation key
    std::string description;
    std::string dissectorLabel, heuristicLabel;   // "NAME.dissector" / "NAME.heuristic" for errors
    LuaRef self;               // the Proto userdata (kept for Dissector.get and callbacks)
    const void *userdata = nullptr;   // its address: self keeps it alive, so it never moves
    LuaRef dissector;
    LuaRef init;
    LuaRef prefsChanged;
    LuaRef fields;             // the table given to proto.fields
    LuaRef prefValues;         // name -> current value
    std::vector<WsPref> prefs;
    LuaRef expertsTable;       // the table given to proto.experts
};

} // namespace luacap::luaapi::wslua

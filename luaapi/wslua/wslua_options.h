// WsluaOptions: what `luacap replay` asks of the Wireshark-style dissectors (-o/--pref values,
// --tree) and TreeOutput, where packet threads leave their per-packet trees for the main
// thread to print in frame order. Options are read-only once packet threads start.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace luacap::engine {
class ClassifierTable;
}

namespace luacap::luaapi::wslua {

class TreeOutput {
public:
    // Packet threads, when they end (the only locked step, off the packet path).
    void merge(std::map<uint64_t, std::string> &&trees)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        trees_.merge(trees);
    }
    // Main thread, after the packet threads ended: every tree in frame order, each frame
    // under a "Frame N" line and followed by an empty line.
    std::string text() const
    {
        std::string out;
        uint64_t frame = 0;
        for (const auto &[key, tree] : trees_) {
            if (key >> 16 != frame) {
                if (frame)
                    out += '\n';
                out += "Frame ";
                out += std::to_string(key >> 16);
                out += '\n';
                frame = key >> 16;
            }
            out += tree;
        }
        return frame ? out + "\n" : out;
    }

private:
    std::mutex mutex_;
    std::map<uint64_t, std::string> trees_;   // (frame << 16 | call) -> text
};

struct WsluaOptions {
    std::vector<std::pair<std::string, std::string>> prefs;   // "proto.name", "value"
    TreeOutput *tree = nullptr;                               // non-null: build and keep trees
    // The built-in parsers' classifiers, for Dissector.get("http"):call (null: parsers off).
    const engine::ClassifierTable *builtins = nullptr;
};

} // namespace luacap::luaapi::wslua

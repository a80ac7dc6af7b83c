// PacketTree: the items one packet's Lua dissectors added (Wireshark's proto_tree), kept only
// to print them (--tree): labels, nesting, generated/hidden flags. Packet thread.
#pragma once

#include <string>
#include <vector>

namespace luacap::luaapi::wslua {

class PacketTree {
public:
    // Node 0 is the root (the tree a dissector receives); it prints nothing itself.
    PacketTree() { clear(); }
    void clear();
    int add(int parent, std::string label);
    std::string &label(int node) { return nodes_[size_t(node)].label; }
    void setGenerated(int node) { nodes_[size_t(node)].generated = true; }
    void setHidden(int node) { nodes_[size_t(node)].hidden = true; }
    bool empty() const { return nodes_.size() == 1; }
    // tshark -V's layout: four spaces per level, generated items in brackets, hidden skipped.
    void render(std::string &out) const;

private:
    struct Node {
        std::string label;
        std::vector<int> children;
        bool generated = false;
        bool hidden = false;
    };
    void renderNode(int node, int depth, std::string &out) const;
    std::vector<Node> nodes_;
};

} // namespace luacap::luaapi::wslua

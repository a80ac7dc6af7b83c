// PacketTree implementation (packet thread).
#include "wslua/packet_tree.h"

namespace luacap::luaapi::wslua {

void PacketTree::clear()
{
    nodes_.clear();
    nodes_.emplace_back();
}

int PacketTree::add(int parent, std::string label)
{
    const int id = int(nodes_.size());
    nodes_.push_back(Node{std::move(label), {}, false, false});
    nodes_[size_t(parent)].children.push_back(id);
    return id;
}

void PacketTree::render(std::string &out) const
{
    for (int child : nodes_[0].children)
        renderNode(child, 0, out);
}

void PacketTree::renderNode(int node, int depth, std::string &out) const
{
    const Node &n = nodes_[size_t(node)];
    if (n.hidden)
        return;
    out.append(size_t(depth) * 4, ' ');
    out += n.generated ? "[" + n.label + "]" : n.label;
    out += '\n';
    for (int child : n.children)
        renderNode(child, depth + 1, out);
}

} // namespace luacap::luaapi::wslua

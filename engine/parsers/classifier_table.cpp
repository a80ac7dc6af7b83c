// ClassifierTable implementation (registration on the main thread, classify on packet threads).
#include "parsers/classifier_table.h"

#include <cstring>

namespace luacap::engine {

void ClassifierTable::addTcp(std::string name, uint32_t offset, std::string match, ClassifyFn fn)
{
    byBytes_.push_back({std::move(name), true, offset, std::move(match), std::move(fn)});
}

void ClassifierTable::addUdp(std::string name, uint32_t offset, std::string match, ClassifyFn fn)
{
    byBytes_.push_back({std::move(name), false, offset, std::move(match), std::move(fn)});
}

void ClassifierTable::addTcpPort(std::string name, uint16_t port, ClassifyFn fn)
{
    byPort_.push_back({std::move(name), true, port, std::move(fn)});
}

void ClassifierTable::addUdpPort(std::string name, uint16_t port, ClassifyFn fn)
{
    byPort_.push_back({std::move(name), false, port, std::move(fn)});
}

bool ClassifierTable::classifyAs(const std::string &name, const ClassifyInput &in) const
{
    for (const ByBytes &c : byBytes_) {
        if (c.tcp == in.tcp && c.name == name) {
            c.fn(in);
            return true;
        }
    }
    for (const ByPort &c : byPort_) {
        if (c.tcp == in.tcp && c.name == name) {
            c.fn(in);
            return true;
        }
    }
    return false;
}

void ClassifierTable::classify(const ClassifyInput &in) const
{
    for (const ByBytes &c : byBytes_) {
        if (c.tcp != in.tcp || in.len < c.offset + c.match.size())
            continue;
        if (c.match.empty() || std::memcmp(in.data + c.offset, c.match.data(), c.match.size()) == 0)
            c.fn(in);
    }
    for (const ByPort &c : byPort_) {
        if (c.tcp == in.tcp && (c.port == in.sourcePort || c.port == in.destinationPort))
            c.fn(in);
    }
}

} // namespace luacap::engine

// ClassifierTable: how built-in parsers recognise a session, after Arkime's classifiers.
// Filled once at start-up (main thread), then read-only on every packet thread. A classifier
// runs on the first payload of each direction and typically adds a protocol and attaches a
// SessionParser to the session.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace luacap::engine {

struct Session;

// What a classifier sees: the first payload of one direction of a session.
struct ClassifyInput {
    Session &session;
    int direction;            // 0 = from the initiator, 1 = from the responder
    const uint8_t *data;
    uint32_t len;
    uint16_t sourcePort;      // the initiator's port
    uint16_t destinationPort; // the responder's port
    bool tcp;                 // false: UDP (other protocols are not classified)
};

using ClassifyFn = std::function<void(const ClassifyInput &)>;

class ClassifierTable {
public:
    // Runs fn when the payload holds match at offset (an empty match matches every payload).
    void addTcp(std::string name, uint32_t offset, std::string match, ClassifyFn fn);
    void addUdp(std::string name, uint32_t offset, std::string match, ClassifyFn fn);
    // Runs fn when either endpoint uses port (the first payload of each direction).
    void addTcpPort(std::string name, uint16_t port, ClassifyFn fn);
    void addUdpPort(std::string name, uint16_t port, ClassifyFn fn);

    // Runs every matching classifier, in registration order.
    void classify(const ClassifyInput &input) const;
    // Runs the first classifier registered under name for the input's transport, whatever the
    // payload (a Lua dissector handing bytes to a built-in parser). False when there is none.
    bool classifyAs(const std::string &name, const ClassifyInput &input) const;
    size_t size() const { return byBytes_.size() + byPort_.size(); }

private:
    struct ByBytes {
        std::string name;
        bool tcp;
        uint32_t offset;
        std::string match;
        ClassifyFn fn;
    };
    struct ByPort {
        std::string name;
        bool tcp;
        uint16_t port;
        ClassifyFn fn;
    };
    std::vector<ByBytes> byBytes_;
    std::vector<ByPort> byPort_;
};

} // namespace luacap::engine

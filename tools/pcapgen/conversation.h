// Conversation: the application bytes of one flow, as an ordered list of messages per
// direction. Built by the payload builders, turned into packets by FlowBuilder.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace luacap::pcapgen {

enum Dir : uint8_t { kClient = 0, kServer = 1 };

struct Message {
    uint8_t dir;
    uint32_t offset;      // into stream[dir]
    uint32_t length;
    bool thinkBefore;     // a user pause precedes it (HTTP keep-alive)
};

struct Conversation {
    std::string stream[2];                  // all bytes each side sends, in order
    std::vector<Message> messages;
    // Facts a parser should extract, e.g. {"http.host", "www.example.com"}.
    std::vector<std::pair<std::string, std::string>> facts;

    void clear() {
        for (std::string &s : stream) {
            s.clear();
            // Give back the rare very large buffer so thousands of open flows stay small.
            if (s.capacity() > (64u << 10)) s.shrink_to_fit();
        }
        messages.clear();
        facts.clear();
    }
    // Starts a message from `dir`; append its bytes with out(dir) then call end().
    void begin(uint8_t dir, bool think = false) {
        messages.push_back({dir, uint32_t(stream[dir].size()), 0, think});
    }
    std::string &out(uint8_t dir) { return stream[dir]; }
    void end() {
        Message &m = messages.back();
        m.length = uint32_t(stream[m.dir].size()) - m.offset;
    }
    void send(uint8_t dir, const std::string &bytes, bool think = false) {
        begin(dir, think);
        stream[dir] += bytes;
        end();
    }
    void fact(const char *key, std::string value) { facts.emplace_back(key, std::move(value)); }
};

} // namespace luacap::pcapgen

// Registrations: what a state's scripts registered (by global function name, as Arkime).
// Built while loading on one thread; compared across states so every state agrees.
#pragma once

#include <string>
#include <vector>

namespace luacap::luaapi {

struct ClassifierReg {
    std::string name;
    int ipProtocol = 6;      // 6 tcp, 17 udp
    int offset = 0;
    std::string match;
    std::string function;
};

struct Registrations {
    std::vector<ClassifierReg> classifiers;
    std::vector<std::string> preSave, save;
    std::vector<std::pair<std::string, std::string>> bodyFeeds;   // type, function
    std::vector<std::pair<int, std::string>> httpOn;              // ArkimeSession.HTTP.*, function
    std::vector<std::pair<std::string, std::string>> fields;      // define_field expression, definition

    // One line per registration, in order: equal snapshots mean equal registrations.
    std::string snapshot() const
    {
        std::string s;
        for (const ClassifierReg &c : classifiers)
            s += "classifier " + c.name + " " + std::to_string(c.ipProtocol) + " " + std::to_string(c.offset) + " " +
                 std::to_string(c.match.size()) + ":" + c.match + " " + c.function + "\n";
        for (const std::string &f : preSave)
            s += "pre_save " + f + "\n";
        for (const std::string &f : save)
            s += "save " + f + "\n";
        for (const auto &[type, f] : bodyFeeds)
            s += "body_feed " + type + " " + f + "\n";
        for (const auto &[type, f] : httpOn)
            s += "http_on " + std::to_string(type) + " " + f + "\n";
        for (const auto &[e, d] : fields)
            s += "field " + e + " " + d + "\n";
        return s;
    }
};

} // namespace luacap::luaapi

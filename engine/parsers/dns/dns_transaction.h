// DnsTransaction: one query/response pair of a session, written as one object of Arkime's
// `dns` array. Built by DnsParser on the packet thread that owns the session.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace luacap::engine {

struct DnsAnswer {
    // Object members as (key, JSON text); written sorted by key, as the encoder does elsewhere.
    std::vector<std::pair<std::string, std::string>> members;
    void add(std::string key, std::string json) { members.emplace_back(std::move(key), std::move(json)); }
    void addString(std::string key, std::string_view text);
};

struct DnsTransaction {
    static constexpr size_t kMaxAnswers = 256;
    static constexpr size_t kMaxValues = 256;   // per host/ip set

    // Arkime matches a response to its query by these five.
    uint16_t id = 0;
    uint8_t opcode = 0;
    uint16_t qtype = 0, qclass = 0;
    std::string queryHost;            // UTF-8, or "<root>"

    std::vector<std::string> hosts, nsHosts, mxHosts, puny;
    std::vector<std::string> ips, nsIps, mxIps;   // text, as Arkime writes dns.ip
    std::vector<DnsAnswer> answers;
    int rcode = -1;                   // -1 until a response is seen
    uint8_t headerFlags = 0;          // AA TC RD RA Z AD CD, AA in bit 6

    static void addUnique(std::vector<std::string> &set, std::string_view value);
    bool contains(const std::vector<std::string> &set, std::string_view value) const;
    // Appends this transaction as one JSON object (keys sorted) to out.
    void appendJson(std::string &out, bool outputAnswers) const;
};

// Arkime's names for DNS numbers; nullptr when Arkime has no name.
const char *dnsTypeName(uint16_t type);
const char *dnsClassName(uint16_t cls);
const char *dnsOpcodeName(uint8_t opcode);
std::string dnsRcodeName(int rcode);

} // namespace luacap::engine

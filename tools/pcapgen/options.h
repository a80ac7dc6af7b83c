// Options: luacap-pcapgen's command line, parsed once on the main (only) thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace luacap::pcapgen {

// Demo*: small binary protocols for the Wireshark-style Lua dissector tests (weight 0 by default).
enum class App : uint8_t { Http, Dns, Tls, Smtp, DemoFixed, DemoTlv, DemoPdu, DemoHeur, DemoRr };
constexpr int kAppCount = 9;
constexpr bool isUdpApp(App a) { return a == App::Dns || a == App::DemoFixed || a == App::DemoTlv || a == App::DemoHeur || a == App::DemoRr; }
const char *appName(App app);

struct Options {
    uint64_t flows = 1000;
    uint64_t seed = 1;
    uint32_t concurrency = 100;
    std::array<uint32_t, kAppCount> mix{60, 20, 10, 10, 0, 0, 0, 0, 0};   // weights, indexed by App
    uint32_t ipv6Pct = 10;
    uint32_t vlanPct = 5;
    uint32_t oooPct = 2;
    uint32_t retransPct = 2;
    uint32_t rstPct = 3;
    uint32_t smtpAttachPct = 0;   // SMTP mails sent as multipart with a base64 attachment
    uint32_t snaplen = 262144;
    uint64_t truncateAt = 0;      // 0: write the whole file
    uint32_t linktype = 1;        // 1 = Ethernet, 101 = raw IP
    std::string output;
    std::string summary;
    bool help = false;
};

// Parses argv into `opts`; on failure returns false and sets `error`.
bool parseOptions(int argc, char **argv, Options &opts, std::string &error);
const char *usageText();

} // namespace luacap::pcapgen

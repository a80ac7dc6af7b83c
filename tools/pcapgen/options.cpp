// Command-line parsing for luacap-pcapgen (main thread).
#include "options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace luacap::pcapgen {

const char *appName(App app) {
    static const char *names[kAppCount] = {"http", "dns", "tls", "smtp", "demo-fixed", "demo-tlv", "demo-pdu",
                                           "demo-heur", "demo-rr"};
    return names[int(app)];
}

namespace {

bool parseNumber(const char *text, uint64_t max, uint64_t &out) {
    if (!text || !*text || *text == '-') return false;
    errno = 0;
    char *end = nullptr;
    const unsigned long long v = std::strtoull(text, &end, 0);
    if (errno || *end || v > max) return false;
    out = v;
    return true;
}

bool parseMixEntry(std::string_view entry, Options &opts) {
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) return false;
    const std::string name(entry.substr(0, eq));
    const std::string value(entry.substr(eq + 1));
    uint64_t weight = 0;
    if (!parseNumber(value.c_str(), 1000000, weight)) return false;
    for (int i = 0; i < kAppCount; ++i) {
        if (name == appName(App(i))) {
            opts.mix[i] = uint32_t(weight);
            return true;
        }
    }
    return false;
}

// "--mix http=60,dns=20": apps left out get weight 0.
bool parseMix(const char *text, Options &opts) {
    opts.mix.fill(0);
    std::string_view rest(text);
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        if (!parseMixEntry(rest.substr(0, comma), opts)) return false;
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    uint64_t total = 0;
    for (uint32_t w : opts.mix) total += w;
    return total > 0;
}

bool parseLinktype(const char *text, Options &opts) {
    if (std::strcmp(text, "ether") == 0) opts.linktype = 1;
    else if (std::strcmp(text, "raw") == 0) opts.linktype = 101;
    else return false;
    return true;
}

struct NumericOption {
    const char *name;
    uint64_t max;
    uint64_t min;
};

bool applyNumeric(const std::string &name, uint64_t v, Options &opts) {
    if (name == "--flows") opts.flows = v;
    else if (name == "--seed") opts.seed = v;
    else if (name == "--concurrency") opts.concurrency = uint32_t(v);
    else if (name == "--ipv6") opts.ipv6Pct = uint32_t(v);
    else if (name == "--vlan") opts.vlanPct = uint32_t(v);
    else if (name == "--ooo") opts.oooPct = uint32_t(v);
    else if (name == "--retrans") opts.retransPct = uint32_t(v);
    else if (name == "--rst") opts.rstPct = uint32_t(v);
    else if (name == "--smtp-attach") opts.smtpAttachPct = uint32_t(v);
    else if (name == "--snaplen") opts.snaplen = uint32_t(v);
    else if (name == "--truncate-at") opts.truncateAt = v;
    else return false;
    return true;
}

const NumericOption *findNumeric(const std::string &name) {
    static const NumericOption table[] = {
        {"--flows", 100000000, 0},   {"--seed", UINT64_MAX, 0},  {"--concurrency", 1000000, 1},
        {"--ipv6", 100, 0},          {"--vlan", 100, 0},         {"--ooo", 100, 0},
        {"--retrans", 100, 0},       {"--rst", 100, 0},          {"--snaplen", 262144, 64},
        {"--truncate-at", UINT64_MAX, 1}, {"--smtp-attach", 100, 0},
    };
    for (const NumericOption &o : table)
        if (name == o.name) return &o;
    return nullptr;
}

bool applyOption(const std::string &name, const char *value, Options &opts, std::string &error) {
    bool ok = true;
    if (const NumericOption *n = findNumeric(name)) {
        uint64_t v = 0;
        ok = parseNumber(value, n->max, v) && v >= n->min && applyNumeric(name, v, opts);
    } else if (name == "--mix") {
        ok = parseMix(value, opts);
    } else if (name == "--linktype") {
        ok = parseLinktype(value, opts);
    } else if (name == "-o" || name == "--output") {
        opts.output = value;
    } else if (name == "--summary") {
        opts.summary = value;
    } else {
        error = "unknown option " + name;
        return false;
    }
    if (!ok) error = "bad value for " + name + ": " + value;
    return ok;
}

} // namespace

bool parseOptions(int argc, char **argv, Options &opts, std::string &error) {
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        if (name == "-h" || name == "--help") {
            opts.help = true;
            return true;
        }
        const char *value = nullptr;
        const size_t eq = name.find('=');
        if (name.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = argv[i] + eq + 1;
            name.resize(eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            error = "missing value for " + name;
            return false;
        }
        if (!applyOption(name, value, opts, error)) return false;
    }
    if (opts.output.empty()) {
        error = "no output file (-o FILE)";
        return false;
    }
    return true;
}

const char *usageText() {
    return R"(usage: luacap-pcapgen [options] -o FILE
Writes a deterministic classic pcap (microsecond timestamps) of many interleaved flows:
HTTP/1.1, DNS over UDP, TLS 1.3 handshakes and SMTP. The same arguments always give a
byte-identical file.

  -o, --output FILE     pcap file to write (required)
  --summary FILE        also write a JSON summary of every flow (ground truth for tests)
  --flows N             number of flows (default 1000)
  --seed S              random seed (default 1)
  --concurrency C       flows open at once (default 100)
  --mix LIST            weights per application, e.g. http=60,dns=20,tls=10,smtp=10
                        (the default; apps not listed get weight 0). Demo protocols for
                        the Lua dissector tests: demo-fixed (UDP 7001), demo-tlv (UDP 7002),
                        demo-pdu (TCP 7003), demo-heur (UDP 9999), demo-rr (UDP 7005)
  --ipv6 PCT            percent of flows over IPv6 (default 10)
  --vlan PCT            percent of flows with an 802.1Q tag (default 5, Ethernet only)
  --ooo PCT             percent of TCP flows with two data segments swapped (default 2)
  --retrans PCT         percent of TCP flows with one data segment sent twice (default 2)
  --rst PCT             percent of TCP flows ended by RST instead of FIN (default 3)
  --smtp-attach PCT     percent of SMTP mails sent as multipart/mixed with a base64
                        attachment (default 0)
  --snaplen N           snapshot length: frames are captured up to N bytes (default 262144)
  --truncate-at BYTES   cut the file after BYTES bytes (mid-record), to test short files
  --linktype TYPE       ether (default) or raw (LINKTYPE_RAW, no Ethernet header)
  -h, --help            this text

Timestamps start at 1700000000 s. Addresses: IPv4 clients 10.0.0.0/8, servers
198.18.0.0/15; IPv6 clients 2001:db8:c::/48, servers 2001:db8:5::/48.
)";
}

} // namespace luacap::pcapgen

// CaptureConfig: parsing and range checks of the live-capture keys (main thread, start-up).
#include "config/capture_config.h"

#include <algorithm>
#include <charconv>

namespace luacap::engine {

namespace {
constexpr std::string_view kArkimeKeys[] = {"interface", "bpf", "snapLen", "pcapBufferSize", "dropUser",
                                            "dropGroup"};
constexpr std::string_view kLuacapKeys[] = {"promiscuous", "immediateMode", "api",       "apiAddress",
                                            "apiPort",     "apiToken",      "apiHistory"};

bool parseInt(const std::string &text, int64_t &out)
{
    const char *end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, out);
    return r.ec == std::errc() && r.ptr == end && !text.empty();
}

bool parseBool(const std::string &text, bool &out)
{
    if (text == "true" || text == "yes" || text == "1")
        return out = true, true;
    if (text == "false" || text == "no" || text == "0")
        return out = false, true;
    return false;
}

bool ranged(const std::string &value, int64_t min, int64_t max, int64_t &out, std::string *why)
{
    if (!parseInt(value, out)) {
        *why = "not an integer";
        return false;
    }
    if (out < min || out > max) {
        *why = "out of range " + std::to_string(min) + ".." + std::to_string(max);
        return false;
    }
    return true;
}

// A user or group name as useradd accepts them; keeps shell-looking junk out of getpwnam.
bool plainName(const std::string &name)
{
    return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
               c == '-' || c == '.';
    });
}
} // namespace

std::vector<std::string> splitArkimeList(const std::string &value)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= value.size()) {
        size_t end = value.find(';', start);
        if (end == std::string::npos)
            end = value.size();
        std::string name = value.substr(start, end - start);
        name.erase(0, name.find_first_not_of(" \t"));
        name.erase(name.find_last_not_of(" \t") + 1);
        if (!name.empty())
            out.push_back(name);
        start = end + 1;
    }
    return out;
}

bool CaptureConfig::isKey(std::string_view key)
{
    return std::find(std::begin(kArkimeKeys), std::end(kArkimeKeys), key) != std::end(kArkimeKeys) ||
           PcapStoreConfig::isArkimeKey(key) || isLuacapKey(key);
}

bool CaptureConfig::isLuacapKey(std::string_view key)
{
    return std::find(std::begin(kLuacapKeys), std::end(kLuacapKeys), key) != std::end(kLuacapKeys) ||
           PcapStoreConfig::isLuacapKey(key);
}

bool CaptureConfig::apply(std::string_view key, const std::string &value, std::string *why)
{
    int64_t n = 0;
    if (PcapStoreConfig::isArkimeKey(key) || PcapStoreConfig::isLuacapKey(key))
        return pcap.apply(key, value, why);
    if (key == "interface") {
        interfaces = splitArkimeList(value);
        *why = "needs at least one interface name";
        return !interfaces.empty();
    }
    if (key == "bpf")
        return bpf = value, true;
    if (key == "snapLen")
        return ranged(value, 64, 262144, n, why) && (snapLen = int(n), true);
    if (key == "pcapBufferSize")
        return ranged(value, 65536, 2147483647, n, why) && (bufferBytes = n, true);
    if (key == "apiPort")
        return ranged(value, 1, 65535, n, why) && (apiPort = int(n), true);
    if (key == "apiHistory")
        return ranged(value, 1, 10'000'000, n, why) && (apiHistory = n, true);
    if (key == "apiAddress") {
        *why = "not an IP address";
        return !value.empty() && value.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos &&
               (apiAddress = value, true);
    }
    if (key == "apiToken") {
        *why = "must be at least 16 characters";
        return value.size() >= 16 && (apiToken = value, true);
    }
    if (key == "promiscuous" || key == "immediateMode" || key == "api") {
        bool &flag = key == "promiscuous" ? promiscuous : key == "api" ? api : immediateMode;
        *why = "must be true or false";
        return parseBool(value, flag);
    }
    std::string &name = key == "dropUser" ? dropUser : dropGroup;
    *why = "not a user or group name";
    return plainName(value) && (name = value, true);
}

} // namespace luacap::engine

// PcapStoreConfig: parsing and range checks of the packet-storage keys (main thread, start-up).
#include "pcapstore/pcap_store_config.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace luacap::engine {

namespace {
constexpr std::string_view kArkimeKeys[] = {"pcapDir", "maxFileSizeG", "maxFileTimeM", "freeSpaceG", "pcapWriteSize"};
constexpr std::string_view kLuacapKeys[] = {"pcapWriteQueue"};

bool parseNumber(const std::string &text, double &out)
{
    const char *end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, out);
    return r.ec == std::errc() && r.ptr == end && !text.empty() && std::isfinite(out);
}

bool ranged(const std::string &text, double min, double max, double &out, std::string *why)
{
    if (!parseNumber(text, out)) {
        *why = "not a number";
        return false;
    }
    if (out < min || out > max) {
        *why = "out of range " + std::to_string(min) + ".." + std::to_string(max);
        return false;
    }
    return true;
}

// freeSpaceG: GiB, or a percentage of the disk ("5%").
bool applyFreeSpace(const std::string &value, PcapStoreConfig &c, std::string *why)
{
    double v = 0;
    if (!value.empty() && value.back() == '%') {
        if (!ranged(value.substr(0, value.size() - 1), 0, 100, v, why))
            return false;
        c.freeSpacePercent = v, c.freeSpaceGiB = 0;
        return true;
    }
    if (!ranged(value, 0, 1e6, v, why))
        return false;
    c.freeSpaceGiB = v, c.freeSpacePercent = 0;
    return true;
}
} // namespace

bool PcapStoreConfig::isArkimeKey(std::string_view key)
{
    return std::find(std::begin(kArkimeKeys), std::end(kArkimeKeys), key) != std::end(kArkimeKeys);
}

bool PcapStoreConfig::isLuacapKey(std::string_view key)
{
    return std::find(std::begin(kLuacapKeys), std::end(kLuacapKeys), key) != std::end(kLuacapKeys);
}

bool PcapStoreConfig::apply(std::string_view key, const std::string &value, std::string *why)
{
    double v = 0;
    if (key == "pcapDir") {
        // Arkime takes a ';' list to spread files over disks; luacap writes to one directory.
        *why = "needs one directory (a ';' list of several is not supported)";
        return !value.empty() && value.find(';') == std::string::npos && (dir = value, true);
    }
    if (key == "maxFileSizeG")   // small values are allowed, for tests and tiny disks
        return ranged(value, 1e-6, 1e4, v, why) && (maxFileBytes = uint64_t(v * double(1ull << 30)), true);
    if (key == "maxFileTimeM")
        return ranged(value, 0, 1e6, v, why) && (maxFileTimeUsec = int64_t(v * 60e6), true);
    if (key == "freeSpaceG")
        return applyFreeSpace(value, *this, why);
    if (key == "pcapWriteSize")
        return ranged(value, 4096, 64 << 20, v, why) && (writeBlockBytes = uint32_t(v), true);
    return ranged(value, 2, 65536, v, why) && (writeQueueBlocks = uint32_t(v), true);
}

} // namespace luacap::engine

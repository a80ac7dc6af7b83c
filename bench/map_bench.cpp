// luacap-map-bench: cost of one shared-map lookup on a registered reader thread, for a
// 100,000-entry map of each match kind (docs/performance.md). Single thread, no Lua.
// Usage: luacap-map-bench [entries] [lookups]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "shared_maps/shared_map_store.h"

using namespace luacap::engine;

namespace {
std::string ipv4(uint32_t a)
{
    return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
           std::to_string(a & 255);
}

// Keys and inputs for one kind: half of the inputs hit, half miss.
void workload(MatchKind kind, size_t n, std::mt19937 &rng, MapEntries &keys, std::vector<std::string> &inputs)
{
    for (size_t i = 0; i < n; ++i) {
        const uint32_t r = rng();
        switch (kind) {
        case MatchKind::Ip:
            keys[ipv4(r & (i % 4 ? 0xffffffffu : 0xffffff00u)) + (i % 4 ? "" : "/24")] = "v";
            inputs.push_back(ipv4(i % 2 ? r : rng()));
            break;
        case MatchKind::Domain:
            keys["host" + std::to_string(r) + ".example.com"] = "v";
            inputs.push_back((i % 2 ? "www.host" + std::to_string(r) : "www.miss" + std::to_string(r)) + ".example.com");
            break;
        case MatchKind::Prefix:
            keys["/api/v" + std::to_string(r % 100000)] = "v";
            inputs.push_back("/api/v" + std::to_string(i % 2 ? r % 100000 : 100000 + r % 1000) + "/items?id=42");
            break;
        default:
            keys["ioc-" + std::to_string(r)] = "v";
            inputs.push_back(i % 2 ? "ioc-" + std::to_string(r) : "clean-" + std::to_string(r));
        }
    }
}

void run(MatchKind kind, size_t entries, size_t lookups)
{
    std::mt19937 rng(42);
    MapEntries keys;
    std::vector<std::string> inputs;
    workload(kind, entries, rng, keys, inputs);
    SharedMapStore store;
    SharedMap &map = store.open("bench", kind);
    for (const auto &[k, v] : keys)
        store.set("bench", k, v);
    const auto b0 = std::chrono::steady_clock::now();
    store.publish();
    const double buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - b0).count();
    ReaderSlot slot(store.readers());
    size_t hits = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < lookups; ++i)
        hits += map.lookup(inputs[i % inputs.size()]) != nullptr;
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-4s entries=%zu lookups=%zu hits=%.0f%% ns/lookup=%.1f publish_ms=%.1f\n", matchKindName(kind),
                map.size(), lookups, 100.0 * double(hits) / double(lookups), ns / double(lookups), buildMs);
}
} // namespace

int main(int argc, char **argv)
{
    const size_t entries = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const size_t lookups = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 2000000;
    for (MatchKind kind : {MatchKind::Exact, MatchKind::Prefix, MatchKind::Domain, MatchKind::Ip})
        run(kind, entries, lookups);
    return 0;
}

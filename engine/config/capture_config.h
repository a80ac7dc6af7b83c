// CaptureConfig: the live-capture settings of `luacap capture` (interfaces, BPF, snaplen,
// buffer, privileges). Parsed from the config file on the main thread at start-up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pcapstore/pcap_store_config.h"

namespace luacap::engine {

struct CaptureConfig {
    std::vector<std::string> interfaces;   // interface=eth0;eth1
    std::string bpf;                        // one filter for every interface
    int snapLen = 16384;                    // Arkime's default
    int64_t bufferBytes = 300'000'000;      // pcapBufferSize, as Arkime
    bool promiscuous = true;                // luacap key: Arkime always asks for promiscuous mode
    bool immediateMode = false;             // luacap key: deliver each packet at once (low rate links)
    std::string dropUser;                   // switch to this user after opening interfaces
    std::string dropGroup;
    // The live API (docs/live-api.md): on by default, on loopback.
    bool api = true;
    std::string apiAddress = "127.0.0.1";
    int apiPort = 8417;
    std::string apiToken;                   // required when apiAddress is not loopback
    int64_t apiHistory = 10000;             // recent records kept for the API
    PcapStoreConfig pcap;                   // pcapDir, maxFileSizeG, ... (docs/pcap-storage.md)

    // Is key one of the settings above (Arkime's name where Arkime has one)?
    static bool isKey(std::string_view key);
    // Is key luacap's own (no Arkime equivalent)?
    static bool isLuacapKey(std::string_view key);
    // Sets key from value; false with why ("not an integer", ...) when the value is bad.
    bool apply(std::string_view key, const std::string &value, std::string *why);
};

// Arkime's list syntax: ';'-separated, blanks around names ignored, empty names dropped.
std::vector<std::string> splitArkimeList(const std::string &value);

} // namespace luacap::engine

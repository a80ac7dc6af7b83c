// EngineConfig: the engine settings luacap reads from an Arkime config.ini ([default], then
// the node's section over it, and [custom-fields]). Main thread, at start-up.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/capture_config.h"
#include "config/http_client_config.h"
#include "decode/packet_decoder.h"
#include "session/session_table.h"

namespace luacap::engine {

class FieldRegistry;
class IniFile;

// Replay accepts every Arkime setting (and ignores those luacap does not use); Strict, for
// the capture daemon, rejects settings luacap would silently ignore. Both reject unknown keys.
enum class ConfigMode : uint8_t { Replay, Strict };

struct EngineConfig {
    SessionTableConfig sessions;
    DecoderConfig decoder;
    int packetThreads = 1;
    // Arkime keeps SCTP and ESP timeouts apart; SessionTableConfig has one "other" timeout,
    // which takes sctpTimeout. espTimeout is kept here for when the table distinguishes it.
    int64_t sctpTimeoutUsec = 60'000'000;
    int64_t espTimeoutUsec = 600'000'000;
    uint32_t maxStreams = 1'500'000;
    std::vector<std::string> luaFiles;   // luaFiles=a.lua;b.lua, in load order
    HttpClientConfig http;               // caTrustFile, httpInsecure, httpTimeout (ArkimeHttpService)
    CaptureConfig capture;               // interface, bpf, snapLen, dropUser, ... (luacap capture)
    std::vector<std::string> warnings;   // "file:line: message", for things ignored on purpose

    // Applies [default], then [node] (when node is non-empty and the section exists), then
    // [custom-fields] into registry (when given). On failure returns false and sets error to
    // every problem found, one "file:line: message" per line.
    bool load(const IniFile &ini, const std::string &node, FieldRegistry *registry, ConfigMode mode,
              std::string *error);

    // Every [default]/node key Arkime capture and viewer know (luacap's own included).
    static bool isArkimeKey(std::string_view key);
    // The keys luacap uses.
    static bool isUsedKey(std::string_view key);
};

} // namespace luacap::engine

// EngineConfig: reads timeouts, limits, threads and custom fields from an IniFile
// (main thread, start-up). Unknown keys are errors so a typo never goes unnoticed.
#include "config/engine_config.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "config/ini_file.h"
#include "fields/field_registry.h"

namespace luacap::engine {

namespace {

// Keys Arkime's capture, viewer and bundled plugins read from [default] or a node section
// (from Arkime's settings documentation and its test config). luacap accepts them so that
// existing Arkime configs load, and uses only those in usedKeys.
constexpr std::string_view arkimeKeys[] = {
    "accessLogFile", "accessLogFormat", "aes256Encryption", "antiSynDrop", "arkimeWebURL",
    "authClientId", "authClientSecret", "authCookieSecure", "authDiscoverURL", "authMode",
    "authRedirectURIs", "authUserIdField", "autoGenerateId", "bpf", "businessDayEnd",
    "businessDayStart", "businessDays", "caTrustFile", "certFile", "compressES", "cronQueries",
    "dbBulkSize", "dbEsHealthCheck", "dbFlushTimeout", "debug", "defaultTimeRange", "demoMode",
    "disableParsers", "disableUserPasswordUI", "dnsOutputAnswers", "dontSaveBPFs", "dontSaveTags",
    "dropGroup", "dropUser", "ecsEventDataset", "ecsEventProvider", "elasticsearch",
    "elasticsearchAPIKey", "elasticsearchBasicAuth", "elasticsearchScrollTimeout",
    "elasticsearchTimeout", "enablePacketDedup", "enablePacketLen", "esAdminUsers", "esClientCert",
    "esClientKey", "esClientKeyPass", "espTimeout", "expireCheckOnly", "filenameOps", "freeSpaceG",
    "gapPacketPos", "geoLite2ASN", "geoLite2Country", "hstsHeader", "huntLimit", "huntWarn",
    "icmpTimeout", "iframe", "includes", "interface", "interfaceOps", "isLocalViewRegExp",
    "ja3Strings", "ja4Raw", "keyFile", "logESRequests", "logEveryXPackets", "logFileCreation",
    "logUnknownProtocols", "loginMessage", "luaFiles", "magicMode", "maxESConns", "maxESRequests",
    "maxFileSizeG", "maxFileTimeM", "maxFreeOutputBuffers", "maxMemPercentage", "maxPackets",
    "maxPacketsInQueue", "maxReqBody", "maxStreams", "maxTcpOutOfOrderPackets", "mcpAuthMode",
    "mcpEnabled", "mcpMaxQueryDays", "minFreeSpaceG", "multiES", "multiESNodes", "multiESPort",
    "netflowDestinations", "netflowSNMPInput", "netflowSNMPOutput", "netflowVersion", "nodeClass",
    "offlineDispatchAfter", "offlineFilenameRegex", "ouiFile", "packetPortalConnect",
    "packetPortalListen", "packetThreads", "parseCookieValue", "parseDNSRecordAll",
    "parseHTTPHeaderRequestAll", "parseHTTPHeaderResponseAll", "parseQSValue", "parseSMTP",
    "parseSMTPHeaderAll", "parsersDir", "passwordSecret", "pcapBufferSize", "pcapDir",
    "pcapDirAlgorithm", "pcapDirTemplate", "pcapReadMethod", "pcapWriteMethod", "pcapWriteSize",
    "plugins", "pluginsDir", "prefix", "queryExtraIndices", "readTruncatedPackets",
    "reqBodyOnlyUtf8", "rirFile", "rootPlugins", "rotateIndex", "rulesFiles", "s3AccessKeyId",
    "s3Bucket", "s3Compression", "s3Host", "s3PathAccessStyle", "s3Region", "s3SecretAccessKey",
    "s3UseHttp", "saveUnknownPackets", "scrubspi", "sctpTimeout", "sessionIdTracking",
    "simpleCompression", "simpleEncoding", "simpleKEKId", "smtpIpHeaders", "snapLen",
    "spiDataMaxIndices", "spiViewCategoryOrder", "sqsAccessKeyId", "sqsSecretAccessKey",
    "summaryChunkDelay", "supportSha256", "suricataAlertFile", "suricataExpireMinutes",
    "tcpClosingTimeout", "tcpSaveTimeout", "tcpTimeout", "titleTemplate", "tpacketv3BlockSize",
    "tpacketv3ClusterId", "tpacketv3NumThreads", "trackESP", "turnOffGraphDays", "udpTimeout",
    "uploadCommand", "uploadRoles", "userAutoCreateTmpl", "userNameHeader", "usersElasticsearch",
    "usersPrefix", "valueAutoComplete", "viewHost", "viewPort", "viewUrl", "viewerPlugins",
    "webBasePath", "yara", "yaraEveryPacket", "yaraFastMode",
    // bundled plugins: zeek intel, and the rules engine's config variables used by Arkime's tests
    "zeekIntelFiles", "zeekIntelTag", "rules_communityId", "rules_value_2",
};

// luacap's own keys (no Arkime equivalent).
constexpr std::string_view luacapKeys[] = {
    "outstandingMaxWait",   // seconds of packet time a final save waits for decr_outstanding
    "outstandingWallWait",  // seconds (wall clock) a packet thread waits for due HTTP replies
    "httpInsecure",         // true: ArkimeHttpService skips certificate verification
    "httpTimeout",          // seconds an ArkimeHttpService request may take (default 30)
};

constexpr std::string_view usedKeys[] = {
    "tcpTimeout", "udpTimeout", "icmpTimeout", "sctpTimeout", "espTimeout", "tcpSaveTimeout",
    "tcpClosingTimeout", "maxPackets", "maxStreams", "packetThreads", "sessionIdTracking",
    "luaFiles", "outstandingMaxWait", "outstandingWallWait",
    "caTrustFile", "httpInsecure", "httpTimeout",
    // read by applyParserIni (parsers/parser_config_ini.cpp)
    "parseHTTPHeaderRequestAll", "parseHTTPHeaderResponseAll", "parseSMTPHeaderAll", "supportSha256",
    "parseCookieValue", "parseQSValue", "dnsOutputAnswers", "ja4Raw", "ja3Strings", "maxReqBody",
    "disableParsers", "smtpIpHeaders",
};

template <size_t N> bool contains(const std::string_view (&list)[N], std::string_view key)
{
    return std::find(std::begin(list), std::end(list), key) != std::end(list);
}

// An integer setting with Arkime's default range; the parsed value goes to apply().
struct IntSetting {
    std::string_view key;
    int64_t min, max;
    std::function<void(EngineConfig &, int64_t)> apply;
};

const std::vector<IntSetting> &intSettings()
{
    constexpr int64_t sec = 1'000'000;
    static const std::vector<IntSetting> settings = {
        {"tcpTimeout", 10, 0xffff, [](EngineConfig &c, int64_t v) { c.sessions.tcpTimeoutUsec = v * sec; }},
        {"udpTimeout", 1, 0xffff, [](EngineConfig &c, int64_t v) { c.sessions.udpTimeoutUsec = v * sec; }},
        {"icmpTimeout", 1, 0xffff, [](EngineConfig &c, int64_t v) { c.sessions.icmpTimeoutUsec = v * sec; }},
        {"sctpTimeout", 10, 0xffff, [](EngineConfig &c, int64_t v) {
             c.sctpTimeoutUsec = v * sec;
             c.sessions.sctpTimeoutUsec = v * sec;
         }},
        {"espTimeout", 10, 0xffff, [](EngineConfig &c, int64_t v) {
             c.espTimeoutUsec = v * sec;
             c.sessions.espTimeoutUsec = v * sec;
         }},
        {"tcpSaveTimeout", 10, 7200, [](EngineConfig &c, int64_t v) { c.sessions.midSaveUsec = v * sec; }},
        {"tcpClosingTimeout", 1, 255, [](EngineConfig &c, int64_t v) { c.sessions.tcpCloseLingerUsec = v * sec; }},
        {"maxPackets", 1, 0xffff, [](EngineConfig &c, int64_t v) { c.sessions.maxPackets = uint32_t(v); }},
        {"maxStreams", 1, 16777215, [](EngineConfig &c, int64_t v) { c.maxStreams = uint32_t(v); }},
        {"packetThreads", 1, 64, [](EngineConfig &c, int64_t v) { c.packetThreads = int(v); }},
        {"outstandingMaxWait", 0, 86400,
         [](EngineConfig &c, int64_t v) { c.sessions.outstandingMaxWaitUsec = v * sec; }},
        {"outstandingWallWait", 0, 86400,
         [](EngineConfig &c, int64_t v) { c.sessions.outstandingWallWaitUsec = v * sec; }},
        {"httpTimeout", 1, 3600, [](EngineConfig &c, int64_t v) { c.http.timeoutSec = v; }},
    };
    return settings;
}

bool parseInt(const std::string &text, int64_t &out)
{
    const char *end = text.data() + text.size();
    const auto r = std::from_chars(text.data(), end, out);
    return r.ec == std::errc() && r.ptr == end && !text.empty();
}

class Loader {
public:
    Loader(EngineConfig &config, const IniFile &ini, ConfigMode mode) : config_(config), ini_(ini), mode_(mode) {}

    void applySection(const IniSection &section)
    {
        for (const IniEntry &e : section.entries)
            applyEntry(section, e);
    }

    void applyCustomFields(const IniSection &section, FieldRegistry &registry)
    {
        for (const IniEntry &e : section.entries) {
            std::string error, warning;
            if (registry.defineFromSpec(e.key, e.value, &error, &warning) < 0)
                errors_.push_back(ini_.where(e.line) + ": [custom-fields] " + error);
            else if (!warning.empty())
                config_.warnings.push_back(ini_.where(e.line) + ": [custom-fields] " + warning);
        }
    }

    bool finish(std::string *error) const
    {
        if (errors_.empty())
            return true;
        if (error) {
            error->clear();
            for (const std::string &e : errors_)
                *error += (error->empty() ? "" : "\n") + e;
        }
        return false;
    }

private:
    void fail(const IniSection &section, const IniEntry &e, const std::string &why)
    {
        errors_.push_back(ini_.where(e.line) + ": [" + section.name + "] " + e.key + "=" + e.value + ": " + why);
    }

    void applyEntry(const IniSection &section, const IniEntry &e)
    {
        if (!EngineConfig::isArkimeKey(e.key))
            return fail(section, e, "unknown setting (not an Arkime or luacap key)");
        if (!EngineConfig::isUsedKey(e.key)) {
            if (mode_ == ConfigMode::Strict)
                fail(section, e, "Arkime setting that luacap does not implement");
            return;
        }
        if (e.key == "sessionIdTracking")
            return applyTracking(section, e);
        if (e.key == "luaFiles")
            return applyLuaFiles(e);
        if (e.key == "caTrustFile") {
            config_.http.caTrustFile = e.value;
            return;
        }
        if (e.key == "httpInsecure") {
            if (e.value != "true" && e.value != "false")
                return fail(section, e, "true or false");
            config_.http.insecure = e.value == "true";
            return;
        }
        if (CaptureConfig::isKey(e.key)) {
            std::string why;
            if (!config_.capture.apply(e.key, e.value, &why))
                fail(section, e, why);
            return;
        }
        for (const IntSetting &s : intSettings()) {
            if (s.key != e.key)
                continue;
            int64_t v = 0;
            if (!parseInt(e.value, v))
                return fail(section, e, "not an integer");
            if (v < s.min || v > s.max)
                return fail(section, e, "out of range " + std::to_string(s.min) + ".." + std::to_string(s.max));
            s.apply(config_, v);
        }
    }

    // Arkime's list syntax: ';'-separated, blanks around names ignored.
    void applyLuaFiles(const IniEntry &e)
    {
        config_.luaFiles.clear();
        size_t start = 0;
        while (start <= e.value.size()) {
            size_t end = e.value.find(';', start);
            if (end == std::string::npos)
                end = e.value.size();
            std::string name = e.value.substr(start, end - start);
            name.erase(0, name.find_first_not_of(" \t"));
            name.erase(name.find_last_not_of(" \t") + 1);
            if (!name.empty())
                config_.luaFiles.push_back(name);
            start = end + 1;
        }
    }

    void applyTracking(const IniSection &section, const IniEntry &e)
    {
        if (e.value == "none" || e.value == "vlan") {
            config_.decoder.vlanInSessionKey = e.value == "vlan";
        } else if (e.value == "vni") {
            if (mode_ == ConfigMode::Strict)
                return fail(section, e, "vni tracking is not implemented");
            config_.warnings.push_back(ini_.where(e.line) + ": sessionIdTracking=vni is not implemented; using none");
            config_.decoder.vlanInSessionKey = false;
        } else {
            fail(section, e, "must be none, vlan or vni");
        }
    }

    EngineConfig &config_;
    const IniFile &ini_;
    ConfigMode mode_;
    std::vector<std::string> errors_;
};

} // namespace

bool EngineConfig::isArkimeKey(std::string_view key)
{
    return contains(arkimeKeys, key) || contains(luacapKeys, key) || CaptureConfig::isLuacapKey(key);
}

bool EngineConfig::isUsedKey(std::string_view key)
{
    return contains(usedKeys, key) || CaptureConfig::isKey(key);
}

bool EngineConfig::load(const IniFile &ini, const std::string &node, FieldRegistry *registry, ConfigMode mode,
                        std::string *error)
{
    Loader loader(*this, ini, mode);
    if (const IniSection *defaults = ini.section("default"))
        loader.applySection(*defaults);
    if (!node.empty() && node != "default") {
        if (const IniSection *own = ini.section(node))
            loader.applySection(*own);
    }
    if (registry) {
        if (const IniSection *custom = ini.section("custom-fields"))
            loader.applyCustomFields(*custom, *registry);
    }
    return loader.finish(error);
}

} // namespace luacap::engine

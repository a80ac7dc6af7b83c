// SmtpFields: the field ids and settings the SMTP parser shares, read-only, with every packet
// thread. Built once at registration (main thread) by registerSmtpParser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace luacap::engine {

class FieldRegistry;
struct ParserConfig;

struct SmtpFields {
    // The message headers Arkime gives a field of their own (the rest go to headerField/Value).
    enum class Header : uint8_t { Other, Dst, Src, Id, ContentType, Subject, UserAgent, MimeVersion, Received, Configured };

    const FieldRegistry *registry = nullptr;   // outlives the packet threads; read-only then
    // Arkime email.* fields (ids in the FieldRegistry), and the session-wide "user".
    int host = -1, useragent = -1, src = -1, dst = -1, subject = -1, id = -1, contentType = -1;
    int mimeVersion = -1, filename = -1, md5 = -1, sha256 = -1, fileContentType = -1, ip = -1;
    int header = -1, headerField = -1, headerValue = -1, smtpHello = -1, user = -1;
    int protocol = -1, tags = -1;

    std::unordered_map<std::string, int> configured;  // [headers-email]: lower-case name -> field id
    std::vector<std::string> ipHeaders;                // smtpIpHeaders: lower case, no trailing ':'
    bool headerAll = false, sha256Enabled = false;

    // Which field a (lower-case) header name feeds; configuredId is set for Header::Configured.
    Header classify(std::string_view lowerName, int &configuredId) const;
    bool isIpHeader(std::string_view lowerName) const;

    // Defines every field in registry; false with error set on a conflicting definition.
    bool define(const ParserConfig &config, FieldRegistry &registry, std::string *error);
};

} // namespace luacap::engine

// SmtpFields: Arkime's email.* field definitions (main thread, start-up).
#include "parsers/smtp/smtp_fields.h"

#include <algorithm>

#include "fields/field_registry.h"
#include "parsers/http/header_field_spec.h"
#include "parsers/parser_config.h"

namespace luacap::engine {

namespace {
struct Spec {
    int SmtpFields::*id;
    const char *expression;
    const char *spec;
};

// Expressions, db paths, kinds and counts as Arkime's smtp parser defines them.
const Spec kSpecs[] = {
    {&SmtpFields::host, "host.email", "kind:lotermfield;db:email.host;group:email;count:true;friendly:Hostname;help:Email hostnames"},
    {&SmtpFields::useragent, "email.x-mailer", "kind:termfield;db:email.useragent;group:email;count:true;friendly:X-Mailer Header;help:Email X-Mailer header"},
    {&SmtpFields::src, "email.src", "kind:lotermfield;db:email.src;group:email;count:true;friendly:Sender;help:Email from address"},
    {&SmtpFields::dst, "email.dst", "kind:lotermfield;db:email.dst;group:email;count:true;friendly:Receiver;help:Email to address"},
    {&SmtpFields::subject, "email.subject", "kind:termfield;db:email.subject;group:email;count:true;friendly:Subject;help:Email subject header"},
    {&SmtpFields::id, "email.message-id", "kind:termfield;db:email.id;group:email;count:true;friendly:Id;help:Email Message-Id header"},
    {&SmtpFields::contentType, "email.content-type", "kind:termfield;db:email.contentType;group:email;count:true;friendly:Content-Type;help:Email content-type header"},
    {&SmtpFields::mimeVersion, "email.mime-version", "kind:termfield;db:email.mimeVersion;group:email;count:true;friendly:Mime-Version;help:Email Mime-Header header"},
    {&SmtpFields::filename, "email.fn", "kind:termfield;db:email.filename;group:email;count:true;friendly:Filenames;help:Email attachment filenames"},
    {&SmtpFields::md5, "email.md5", "kind:termfield;db:email.md5;group:email;count:true;friendly:Attach MD5s;help:Email attachment MD5s"},
    {&SmtpFields::fileContentType, "email.file-content-type", "kind:termfield;db:email.fileContentType;group:email;count:true;friendly:Attach Content-Type;help:Email attachment content types"},
    {&SmtpFields::ip, "ip.email", "kind:ip;db:email.ip;group:email;count:true;friendly:IP;help:Email IP address"},
    {&SmtpFields::header, "email.has-header", "kind:lotermfield;db:email.header;group:email;count:true;friendly:Header;help:Email has the header set"},
    {&SmtpFields::smtpHello, "email.smtp-hello", "kind:lotermfield;db:email.smtpHello;group:email;count:true;friendly:SMTP Hello;help:SMTP HELO/EHLO"},
    {&SmtpFields::user, "user", "kind:termfield;db:user;group:general;count:true;friendly:User;help:External user set for session"},
};

// Arkime keeps the header name/value lists as arrays: a header sent twice is listed twice.
int defineArray(FieldRegistry &registry, const char *expression, const char *db, bool count, const char *help,
                std::string *error)
{
    FieldDef def;
    def.expression = expression;
    def.dbField = db;
    def.kind = "termfield";
    def.group = "email";
    def.help = help;
    def.type = FieldType::String;
    def.flags = FieldArray | (count ? FieldCnt : 0u);
    return registry.define(def, error);
}

std::string lowerNoColon(std::string s)
{
    for (char &c : s)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    while (!s.empty() && (s.back() == ':' || s.back() == ' '))
        s.pop_back();
    return s;
}
} // namespace

SmtpFields::Header SmtpFields::classify(std::string_view n, int &configuredId) const
{
    if (n == "to" || n == "cc")
        return Header::Dst;
    if (n == "from")
        return Header::Src;
    if (n == "message-id")
        return Header::Id;
    if (n == "content-type")
        return Header::ContentType;
    if (n == "subject")
        return Header::Subject;
    if (n == "x-mailer" || n == "user-agent")
        return Header::UserAgent;
    if (n == "mime-version")
        return Header::MimeVersion;
    if (n == "received")
        return Header::Received;
    if (!configured.empty()) {
        const auto it = configured.find(std::string(n));
        if (it != configured.end()) {
            configuredId = it->second;
            return Header::Configured;
        }
    }
    return Header::Other;
}

bool SmtpFields::isIpHeader(std::string_view lowerName) const
{
    return std::find(ipHeaders.begin(), ipHeaders.end(), lowerName) != ipHeaders.end();
}

bool SmtpFields::define(const ParserConfig &config, FieldRegistry &reg, std::string *error)
{
    for (const Spec &s : kSpecs) {
        this->*s.id = reg.defineFromSpec(s.expression, s.spec, error);
        if (this->*s.id < 0)
            return false;
    }
    headerField = defineArray(reg, "email.has-header.name", "email.headerField", false,
                              "Email has the header field set (parseSMTPHeaderAll)", error);
    headerValue = defineArray(reg, "email.has-header.value", "email.headerValue", true,
                              "Email has the header value (parseSMTPHeaderAll)", error);
    if (headerField < 0 || headerValue < 0)
        return false;
    if (config.supportSha256) {
        sha256 = reg.defineFromSpec("email.sha256", "kind:termfield;db:email.sha256;group:email;count:true;friendly:Attach SHA256s;help:Email attachment SHA256s", error);
        if (sha256 < 0)
            return false;
    }
    for (const auto &[name, spec] : config.emailHeaderFields) {
        const std::string lower = lowerNoColon(name);
        const std::string db = "email.header-" + lower;
        const int fid = reg.defineFromSpec(db, headerFieldSpec("email", db, spec), error);
        if (fid < 0)
            return false;
        configured[lower] = fid;
    }
    for (const std::string &h : config.smtpIpHeaders)
        if (!lowerNoColon(h).empty())
            ipHeaders.push_back(lowerNoColon(h));
    protocol = FieldRegistry::Protocol;
    tags = FieldRegistry::Tags;
    headerAll = config.parseSmtpHeaderAll;
    sha256Enabled = config.supportSha256;
    registry = &reg;
    return true;
}

} // namespace luacap::engine

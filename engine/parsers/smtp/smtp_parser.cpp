// SmtpParser implementation (packet thread). Command handling follows Arkime's smtp parser
// (see docs/parsers/smtp.md for the differences).
#include "parsers/smtp/smtp_parser.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fields/field_registry.h"
#include "parsers/smtp/email_header_values.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
bool startsCaseless(std::string_view s, const char *prefix)
{
    const size_t n = std::strlen(prefix);
    if (s.size() < n)
        return false;
    for (size_t i = 0; i < n; ++i) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        if (c != prefix[i])
            return false;
    }
    return true;
}

void appendBounded(std::string &s, const uint8_t *at, size_t len, size_t max)
{
    const size_t room = s.size() < max ? max - s.size() : 0;
    s.append(reinterpret_cast<const char *>(at), std::min(len, room));
}

std::string_view stripCr(std::string_view line)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line;
}

std::string lowerCopy(std::string_view v)
{
    std::string out(v);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}
} // namespace

void SmtpParser::addStr(int field, std::string_view v)
{
    session_->fields.addString(f_.registry->get(field), v);
}

SmtpParser::Result SmtpParser::state() const
{
    return dirs_[0].mode == Mode::Ignore && dirs_[1].mode == Mode::Ignore ? Result::Done : Result::Continue;
}

SmtpMessage &SmtpParser::message(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    if (!d.message)
        d.message = std::make_unique<SmtpMessage>(f_, sink_);
    return *d.message;
}

SmtpParser::Result SmtpParser::onData(Session &session, int direction, const uint8_t *data, uint32_t len)
{
    const int dir = direction & 1;
    session_ = &session;
    size_t off = 0;
    while (off < len && dirs_[size_t(dir)].mode != Mode::Ignore) {
        if (dirs_[size_t(dir)].mode == Mode::Bdat)
            off += bdatBytes(dir, data + off, len - off);
        else
            off += lineBytes(dir, data + off, len - off);
    }
    return state();
}

// Up to and including one '\n'; a complete line is handled, a partial one kept (bounded).
size_t SmtpParser::lineBytes(int dir, const uint8_t *data, size_t len)
{
    Direction &d = dirs_[size_t(dir)];
    std::string &buf = d.mode == Mode::Data ? d.body : d.cmd;
    const auto *nl = static_cast<const uint8_t *>(std::memchr(data, '\n', len));
    const size_t n = nl ? size_t(nl - data) : len;
    appendBounded(buf, data, n, kMaxLine);
    if (!nl)
        return len;
    if (d.resync)
        d.resync = false;
    else
        lineDone(dir, stripCr(buf));
    buf.clear();
    return n + 1;
}

// BDAT chunk bytes: message lines may span chunks, so d.body carries over.
size_t SmtpParser::bdatBytes(int dir, const uint8_t *data, size_t len)
{
    Direction &d = dirs_[size_t(dir)];
    const size_t take = size_t(std::min<uint64_t>(len, d.bdatRemaining));
    size_t off = 0;
    while (off < take) {
        const auto *nl = static_cast<const uint8_t *>(std::memchr(data + off, '\n', take - off));
        const size_t n = nl ? size_t(nl - (data + off)) : take - off;
        appendBounded(d.body, data + off, n, kMaxLine);
        off += n;
        if (!nl)
            break;
        ++off;
        message(dir).line(*session_, dir, stripCr(d.body));
        d.body.clear();
    }
    d.bdatRemaining -= take;
    if (d.bdatRemaining == 0) {
        d.mode = Mode::Command;
        if (d.bdatLast) {
            if (!d.body.empty())
                message(dir).line(*session_, dir, stripCr(d.body));
            d.body.clear();
            endMessage(dir);
        }
    }
    return take;
}

void SmtpParser::endMessage(int dir)
{
    Direction &d = dirs_[size_t(dir)];
    message(dir).end(*session_);
    d.needStatus = true;
    d.inBdat = false;
    d.mode = Mode::Command;
}

void SmtpParser::lineDone(int dir, std::string_view line)
{
    switch (dirs_[size_t(dir)].mode) {
    case Mode::Command: commandLine(dir, line); break;
    case Mode::Data: dataLine(dir, line); break;
    case Mode::TlsReply: tlsReply(dir, line); break;
    case Mode::Bdat:
    case Mode::Ignore: break;
    }
}

void SmtpParser::dataLine(int dir, std::string_view line)
{
    if (line == ".") {
        endMessage(dir);
        return;
    }
    if (!line.empty() && line.front() == '.')
        line.remove_prefix(1);   // RFC 5321 4.5.2 dot-stuffing
    message(dir).line(*session_, dir, line);
}

void SmtpParser::commandLine(int dir, std::string_view line)
{
    Direction &d = dirs_[size_t(dir)];
    Direction &other = dirs_[size_t(!dir)];
    if (d.auth != Auth::None) {
        const Auth auth = d.auth;
        d.auth = Auth::None;
        credentials(auth, line);
        return;
    }
    if (other.needStatus) {   // the reply to the end of a message
        other.needStatus = false;
        char tag[48];
        std::snprintf(tag, sizeof tag, "smtp:statuscode:%d", std::atoi(std::string(line.substr(0, 16)).c_str()));
        addTag(tag);
    } else if (startsCaseless(line, "MAIL FROM:")) {
        addStr(f_.src, removeMatching(line.substr(10), '<', '>'));
    } else if (startsCaseless(line, "RCPT TO:")) {
        addStr(f_.dst, removeMatching(line.substr(8), '<', '>'));
    } else if (startsCaseless(line, "DATA")) {
        message(dir).begin();
        d.mode = Mode::Data;
    } else if (startsCaseless(line, "BDAT")) {
        bdatCommand(dir, line);
    } else if (startsCaseless(line, "HELO ") || startsCaseless(line, "EHLO ")) {
        addStr(f_.smtpHello, line.substr(5));
    } else if (startsCaseless(line, "STARTTLS")) {
        addTag("smtp:starttls");
        d.mode = Mode::Ignore;   // the client's next bytes are a TLS ClientHello
        session_->classifiedDirections &= uint8_t(~(1u << dir));
        other.mode = Mode::TlsReply;
    } else if (startsCaseless(line, "AUTH ")) {
        authCommand(dir, line);
    }
}

bool SmtpParser::authCommand(int dir, std::string_view line)
{
    std::string_view mech = line.substr(5);
    mech = mech.substr(0, mech.find(' '));
    const Auth auth = startsCaseless(mech, "LOGIN") && mech.size() == 5   ? Auth::Login
                      : startsCaseless(mech, "PLAIN") && mech.size() == 5 ? Auth::Plain
                                                                          : Auth::None;
    addTag("smtp:auth" + lowerCopy(mech.substr(0, 32)));
    if (auth == Auth::None)
        return false;
    if (line.size() > 11)
        credentials(auth, line.substr(11));   // initial response on the command line
    else
        dirs_[size_t(dir)].auth = auth;
    return true;
}

// LOGIN: base64(user); PLAIN: base64(authzid NUL authcid NUL password) -> user = authcid.
void SmtpParser::credentials(Auth auth, std::string_view base64)
{
    std::string decoded;
    TransferDecoder::base64(base64.substr(0, 1024), decoded);
    std::string_view user(decoded);
    if (auth == Auth::Plain) {
        const size_t first = user.find('\0');
        const size_t second = first == std::string_view::npos ? first : user.find('\0', first + 1);
        if (second == std::string_view::npos)
            return;
        user = user.substr(first + 1, second - first - 1);
    }
    if (!user.empty() && user.find('\0') == std::string_view::npos)
        addStr(f_.user, lowerCopy(user));
}

// "BDAT <size> [LAST]": the first chunk of a message starts its headers.
void SmtpParser::bdatCommand(int dir, std::string_view line)
{
    Direction &d = dirs_[size_t(dir)];
    std::string_view args = line.substr(4);
    while (!args.empty() && args.front() == ' ')
        args.remove_prefix(1);
    const std::string size(args.substr(0, std::min<size_t>(args.find(' '), 20)));
    d.bdatRemaining = std::strtoull(size.c_str(), nullptr, 10);
    d.bdatLast = startsCaseless(args.substr(std::min(args.size(), size.size())), " LAST");
    if (!d.inBdat) {
        message(dir).begin();
        d.inBdat = true;
    }
    d.mode = Mode::Bdat;
    if (d.bdatRemaining == 0)
        bdatBytes(dir, nullptr, 0);   // an empty (LAST) chunk
}

// The reply to STARTTLS: a 2xx one means TLS follows on both sides, so both directions go
// back to the classifiers (the TLS parser takes over); a refusal resumes plain SMTP.
void SmtpParser::tlsReply(int dir, std::string_view line)
{
    if (line.size() >= 4 && line[3] == '-')
        return;   // a multi-line reply continues
    Direction &client = dirs_[size_t(!dir)];
    if (!line.empty() && line.front() == '2') {
        dirs_[size_t(dir)].mode = Mode::Ignore;
        session_->classifiedDirections &= uint8_t(~(1u << dir));
        return;
    }
    dirs_[size_t(dir)].mode = Mode::Command;
    client.mode = Mode::Command;
    session_->classifiedDirections |= uint8_t(1u << !dir);
}

SmtpParser::Result SmtpParser::onGap(Session &session, int direction, uint32_t len)
{
    session_ = &session;
    const int dir = direction & 1;
    Direction &d = dirs_[size_t(dir)];
    if (d.message)
        d.message->gap();
    if (d.mode == Mode::Bdat) {
        const uint64_t lost = std::min<uint64_t>(len, d.bdatRemaining);
        d.bdatRemaining -= lost;
        d.body.clear();
        if (d.bdatRemaining == 0)
            bdatBytes(dir, nullptr, 0);
        return state();
    }
    d.resync = true;   // the line the gap ends in is incomplete whatever we kept of it
    d.cmd.clear();
    d.body.clear();
    return state();
}

// ---- registration -------------------------------------------------------------------------

namespace {
bool hasSmtp(const Session &s)
{
    const auto *protocols = s.fields.strings(FieldRegistry::Protocol);
    return protocols && std::find(protocols->begin(), protocols->end(), "smtp") != protocols->end();
}

bool looksLikeSmtp(const ClassifyInput &in)
{
    if (in.len < 5)
        return false;
    const auto *d = reinterpret_cast<const char *>(in.data);
    if (std::memcmp(d, "HELO ", 5) == 0 || std::memcmp(d, "EHLO ", 5) == 0)
        return true;
    return std::memcmp(d, "220 ", 4) == 0 && memmem(d, in.len, "SMTP", 4) != nullptr;
}
} // namespace

bool registerSmtpParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                        std::string *error)
{
    auto fields = std::make_shared<SmtpFields>();
    if (!fields->define(config, registry, error))
        return false;
    const ClassifyFn classify = [fields](const ClassifyInput &in) {
        if (!in.tcp || !looksLikeSmtp(in) || hasSmtp(in.session))
            return;
        in.session.fields.addString(fields->registry->get(fields->protocol), "smtp");
        in.session.attachParser(std::make_unique<SmtpParser>(*fields, in.session.httpObservers));
    };
    table.addTcp("smtp", 0, "HELO", classify);
    table.addTcp("smtp", 0, "EHLO", classify);
    table.addTcp("smtp", 0, "220 ", classify);
    return true;
}

} // namespace luacap::engine

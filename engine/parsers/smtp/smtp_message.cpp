// SmtpMessage implementation (packet thread). Field rules follow Arkime's smtp parser; see
// docs/parsers/smtp.md for where luacap differs on purpose.
#include "parsers/smtp/smtp_message.h"

#include <algorithm>
#include <cstdlib>

#include "fields/field_registry.h"
#include "parsers/smtp/email_header_values.h"
#include "parsers/smtp/rfc2047_decoder.h"
#include "session/session.h"

namespace luacap::engine {

namespace {
char lowerChar(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

size_t findCaseless(std::string_view hay, std::string_view needle)
{
    if (hay.size() < needle.size())
        return std::string_view::npos;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        size_t j = 0;
        while (j < needle.size() && lowerChar(hay[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return i;
    }
    return std::string_view::npos;
}

bool startsCaseless(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && findCaseless(s.substr(0, prefix.size()), prefix) == 0;
}

std::string_view trimLeft(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    return v;
}

TransferDecoder::Encoding encodingOf(std::string_view value)
{
    if (findCaseless(value, "base64") != std::string_view::npos)
        return TransferDecoder::Encoding::Base64;
    if (findCaseless(value, "quoted-printable") != std::string_view::npos)
        return TransferDecoder::Encoding::QuotedPrintable;
    return TransferDecoder::Encoding::Identity;
}

// A parameter value: quoted, or a token that ends at ';' or white space.
std::string_view paramValue(std::string_view rest)
{
    rest = trimLeft(rest);
    if (!rest.empty() && rest.front() == '"')
        return removeMatching(rest, '"', '"');
    return rest.substr(0, std::min(rest.find(';'), rest.find_first_of(" \t")));
}
} // namespace

void SmtpMessage::begin()
{
    state_ = State::Headers;
    pending_.clear();
    boundaries_.clear();
    topEncoding_ = partEncoding_ = TransferDecoder::Encoding::Identity;
    hashing_ = damaged_ = topFeed_ = false;
}

void SmtpMessage::addStr(Session &s, int field, std::string_view v)
{
    s.fields.addString(f_.registry->get(field), v);
}

void SmtpMessage::line(Session &s, int direction, std::string_view line)
{
    if (state_ == State::Headers || state_ == State::PartHeaders)
        headerLine(s, line);
    else
        bodyLine(s, direction, line);
}

// Headers complete only when the next line does not continue them (RFC 5322 folding).
void SmtpMessage::headerLine(Session &s, std::string_view line)
{
    if (!pending_.empty() && !line.empty() && (line.front() == ' ' || line.front() == '\t')) {
        const size_t room = kMaxHeader - std::min(kMaxHeader, pending_.size());
        pending_.push_back(' ');
        pending_.append(line.substr(1, room));
        return;
    }
    flushHeader(s);
    if (line.empty()) {
        startBody();
        return;
    }
    pending_.assign(line.substr(0, kMaxHeader));
}

void SmtpMessage::flushHeader(Session &s)
{
    if (pending_.empty())
        return;
    if (state_ == State::Headers)
        topHeader(s, pending_);
    else
        partHeader(s, pending_);
    pending_.clear();
}

void SmtpMessage::topHeader(Session &s, std::string_view h)
{
    const size_t colon = h.find(':');
    if (colon == std::string_view::npos)
        return;
    lower_.assign(h.substr(0, colon));
    std::transform(lower_.begin(), lower_.end(), lower_.begin(), lowerChar);
    addStr(s, f_.header, lower_);
    std::string_view value = h.substr(colon + 1);
    int configured = -1;
    switch (f_.classify(lower_, configured)) {
    case SmtpFields::Header::Dst: forEachAddress(value, [&](std::string_view a) { addStr(s, f_.dst, a); }); break;
    case SmtpFields::Header::Src: forEachAddress(value, [&](std::string_view a) { addStr(s, f_.src, a); }); break;
    case SmtpFields::Header::Id: addStr(s, f_.id, removeMatching(value, '<', '>')); break;
    case SmtpFields::Header::Received:
        forEachReceived(value, [&](std::string_view host) { addStr(s, f_.host, host); },
                        [&](std::string_view ip) { addValue(s, f_.ip, ip); });
        break;
    case SmtpFields::Header::ContentType:
        addStr(s, f_.contentType, trimLeft(value));
        addBoundary(value);
        break;
    case SmtpFields::Header::Subject:
        if (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        else
            addTag(s, "smtp:missing-subject-space");
        addStr(s, f_.subject, decodeRfc2047(value));
        break;
    case SmtpFields::Header::UserAgent: addValue(s, f_.useragent, value); break;
    case SmtpFields::Header::MimeVersion: addValue(s, f_.mimeVersion, value); break;
    case SmtpFields::Header::Configured: addValue(s, configured, value); break;
    case SmtpFields::Header::Other: otherHeader(s, value); break;
    }
}

// Headers without a field of their own: smtpIpHeaders, else the parseSMTPHeaderAll lists.
void SmtpMessage::otherHeader(Session &s, std::string_view value)
{
    if (lower_ == "content-transfer-encoding")
        topEncoding_ = encodingOf(value);
    if (f_.isIpHeader(lower_)) {
        addValue(s, f_.ip, removeMatching(value, '[', ']'));
        return;
    }
    if (f_.headerAll) {
        addStr(s, f_.headerField, lower_);
        addValue(s, f_.headerValue, value);
    }
}

void SmtpMessage::addValue(Session &s, int field, std::string_view value)
{
    const FieldDef &def = f_.registry->get(field);
    value = trimLeft(value);
    if (def.type == FieldType::Integer) {
        s.fields.addInt(def, std::strtoll(std::string(value.substr(0, 32)).c_str(), nullptr, 10));
    } else if (def.type == FieldType::Ip) {
        while (!value.empty()) {   // a comma separated list, as Arkime reads them
            const size_t comma = value.find(',');
            uint8_t addr[16];
            if (const int n = parseIpText(value.substr(0, comma), addr))
                s.fields.addIp(def, addr, n);
            value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
        }
    } else {
        s.fields.addString(def, value);
    }
}

void SmtpMessage::partHeader(Session &s, std::string_view h)
{
    if (startsCaseless(h, "content-type:")) {
        addBoundary(h.substr(13));
    } else if (startsCaseless(h, "content-disposition:")) {
        const size_t at = findCaseless(h, "filename=");
        if (at != std::string_view::npos)
            addStr(s, f_.filename, decodeRfc2047(paramValue(h.substr(at + 9))));
    } else if (startsCaseless(h, "content-transfer-encoding:")) {
        partEncoding_ = encodingOf(h.substr(26));
    }
}

void SmtpMessage::addBoundary(std::string_view contentType)
{
    const size_t at = findCaseless(contentType, "boundary=");
    if (at == std::string_view::npos || boundaries_.size() >= kMaxBoundaries)
        return;
    const std::string_view b = paramValue(contentType.substr(at + 9)).substr(0, kMaxBoundaryLen);
    if (!b.empty() && std::find(boundaries_.begin(), boundaries_.end(), b) == boundaries_.end())
        boundaries_.emplace_back(b);
}

bool SmtpMessage::isBoundary(std::string_view line, bool &closing) const
{
    if (line.size() < 3 || line[0] != '-' || line[1] != '-')
        return false;
    const std::string_view rest = line.substr(2);
    for (const std::string &b : boundaries_) {
        if (rest.substr(0, b.size()) == b) {
            closing = rest.substr(b.size(), 2) == "--";
            return true;
        }
    }
    return false;
}

void SmtpMessage::startBody()
{
    if (state_ == State::Headers) {
        state_ = State::Body;
        topFeed_ = boundaries_.empty();   // a multipart's preamble is not content
        decoder_.reset(topEncoding_);
        return;
    }
    state_ = State::PartBody;
    decoder_.reset(partEncoding_);
    hashing_ = partEncoding_ != TransferDecoder::Encoding::Identity;
    damaged_ = false;
    if (hashing_) {
        md5_.reset();
        if (f_.sha256Enabled) {
            if (!sha256_)
                sha256_ = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
            sha256_->reset();
        }
    }
}

void SmtpMessage::bodyLine(Session &s, int direction, std::string_view line)
{
    bool closing = false;
    if (isBoundary(line, closing)) {
        finishPart(s);
        state_ = closing ? State::Body : State::PartHeaders;
        partEncoding_ = TransferDecoder::Encoding::Identity;
        topFeed_ = false;
        return;
    }
    const bool feed = sink_.wants(bodyFeedBit(BodyFeed::Smtp));
    const bool part = state_ == State::PartBody;
    if (!(part ? hashing_ || feed : topFeed_ && feed))
        return;
    scratch_.clear();
    decoder_.line(line, scratch_);
    if (scratch_.empty())
        return;
    if (part && hashing_) {
        md5_.add(scratch_);
        if (sha256_)
            sha256_->addData(QByteArrayView(scratch_.data(), qsizetype(scratch_.size())));
    }
    if (feed)
        sink_.feed(s, BodyFeed::Smtp, direction, reinterpret_cast<const uint8_t *>(scratch_.data()),
                   uint32_t(scratch_.size()));
}

void SmtpMessage::finishPart(Session &s)
{
    if (state_ == State::PartBody && hashing_ && !damaged_) {
        addStr(s, f_.md5, md5_.finishHex());
        if (sha256_)
            addStr(s, f_.sha256, sha256_->result().toHex().toStdString());
    }
    hashing_ = false;
}

void SmtpMessage::end(Session &s)
{
    if (state_ == State::Headers || state_ == State::PartHeaders)
        flushHeader(s);
    finishPart(s);
    begin();
}

} // namespace luacap::engine

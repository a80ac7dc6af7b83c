// SmtpMessage: one direction's mail message inside DATA/BDAT (packet thread): unfolds and
// parses the headers into email.* fields, walks MIME parts by their (nested) boundaries,
// hashes base64/quoted-printable parts and feeds transfer-decoded bodies to BodyFeed::Smtp.
#pragma once

#include <QCryptographicHash>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "digest/md5_digest.h"
#include "parsers/smtp/smtp_fields.h"
#include "parsers/smtp/transfer_decoder.h"
#include "plugin/http_observer.h"

namespace luacap::engine {

struct Session;

class SmtpMessage {
public:
    static constexpr size_t kMaxHeader = 16384;      // one unfolded header; longer is cut
    static constexpr size_t kMaxBoundaries = 16;     // nesting deeper than this is not walked
    static constexpr size_t kMaxBoundaryLen = 256;   // RFC 2046 allows 70

    SmtpMessage(const SmtpFields &fields, HttpEventSink &sink) : f_(fields), sink_(sink) {}

    void begin();
    // One line of the message (no CRLF; dot-stuffing already undone).
    void line(Session &s, int direction, std::string_view line);
    // The message ended ("." or BDAT LAST): flushes a pending header and the open part.
    void end(Session &s);
    // Bytes were lost: the open part's hash would be wrong, so it is not reported.
    void gap() { damaged_ = true; }

private:
    enum class State : uint8_t { Headers, Body, PartHeaders, PartBody };

    void headerLine(Session &s, std::string_view line);
    void flushHeader(Session &s);
    void topHeader(Session &s, std::string_view h);
    void otherHeader(Session &s, std::string_view value);
    void partHeader(Session &s, std::string_view h);
    void addValue(Session &s, int field, std::string_view value);
    void addBoundary(std::string_view contentType);
    bool isBoundary(std::string_view line, bool &closing) const;
    void bodyLine(Session &s, int direction, std::string_view line);
    void startBody();
    void finishPart(Session &s);
    void addStr(Session &s, int field, std::string_view v);
    void addTag(Session &s, std::string_view tag) { addStr(s, f_.tags, tag); }

    const SmtpFields &f_;
    HttpEventSink &sink_;
    State state_ = State::Headers;
    std::string pending_;    // the header being unfolded (bounded)
    std::string lower_;      // its name, lower-cased
    std::string scratch_;    // decoded bytes of one line
    std::vector<std::string> boundaries_;
    TransferDecoder decoder_;
    TransferDecoder::Encoding topEncoding_ = TransferDecoder::Encoding::Identity;
    TransferDecoder::Encoding partEncoding_ = TransferDecoder::Encoding::Identity;
    bool hashing_ = false, damaged_ = false, topFeed_ = false;
    Md5Digest md5_{Md5Digest::Mode::Batched};  // of the current part, decoded
    std::unique_ptr<QCryptographicHash> sha256_;
};

} // namespace luacap::engine

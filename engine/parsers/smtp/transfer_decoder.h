// TransferDecoder: streaming Content-Transfer-Encoding decoder (base64, quoted-printable or
// identity) for the lines of one MIME part body. Owned by an SmtpMessage (packet thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace luacap::engine {

class TransferDecoder {
public:
    enum class Encoding : uint8_t { Identity, Base64, QuotedPrintable };

    void reset(Encoding e);
    Encoding encoding() const { return encoding_; }
    // Appends the decoded bytes of one body line (without its CRLF) to out. The line break
    // before the next line is emitted only then, so the one that belongs to the next
    // boundary delimiter never reaches the output.
    void line(std::string_view in, std::string &out);

    // Base64 without line structure: shared by the RFC 2047 "B" decoder.
    static void base64(std::string_view in, std::string &out);

private:
    void base64Step(std::string_view in, std::string &out);
    void quotedPrintable(std::string_view in, std::string &out);

    Encoding encoding_ = Encoding::Identity;
    uint32_t bits_ = 0;        // base64: pending bits
    int nbits_ = 0;
    bool pendingBreak_ = false;
};

} // namespace luacap::engine

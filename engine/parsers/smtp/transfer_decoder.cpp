// TransferDecoder implementation (packet thread).
#include "parsers/smtp/transfer_decoder.h"

#include "parsers/hex_digit.h"

namespace luacap::engine {

namespace {
int base64Value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

} // namespace

void TransferDecoder::reset(Encoding e)
{
    encoding_ = e;
    bits_ = 0;
    nbits_ = 0;
    pendingBreak_ = false;
}

void TransferDecoder::line(std::string_view in, std::string &out)
{
    switch (encoding_) {
    case Encoding::Base64:
        base64Step(in, out);   // line breaks carry no data in base64
        return;
    case Encoding::QuotedPrintable:
        quotedPrintable(in, out);
        return;
    case Encoding::Identity:
        if (pendingBreak_)
            out.append("\r\n");
        out.append(in);
        pendingBreak_ = true;
        return;
    }
}

// Like glib's decoder: characters outside the alphabet are skipped; '=' ends a quantum, so
// its leftover (padding) bits are dropped.
void TransferDecoder::base64Step(std::string_view in, std::string &out)
{
    for (const char c : in) {
        if (c == '=') {
            bits_ = 0;
            nbits_ = 0;
            continue;
        }
        const int v = base64Value(c);
        if (v < 0)
            continue;
        bits_ = (bits_ << 6) | uint32_t(v);
        nbits_ += 6;
        if (nbits_ >= 8) {
            nbits_ -= 8;
            out.push_back(char((bits_ >> nbits_) & 0xff));
        }
    }
    bits_ &= (1u << nbits_) - 1;
}

void TransferDecoder::base64(std::string_view in, std::string &out)
{
    TransferDecoder d;
    d.reset(Encoding::Base64);
    d.base64Step(in, out);
}

// RFC 2045 6.7: trailing white space is transport padding; a final '=' is a soft break.
void TransferDecoder::quotedPrintable(std::string_view in, std::string &out)
{
    while (!in.empty() && (in.back() == ' ' || in.back() == '\t'))
        in.remove_suffix(1);
    if (pendingBreak_)
        out.append("\r\n");
    bool soft = false;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '=') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 1 == in.size()) {
            soft = true;
            break;
        }
        const int hi = i + 2 < in.size() ? hexValue(in[i + 1]) : -1;
        const int lo = hi >= 0 ? hexValue(in[i + 2]) : -1;
        if (lo < 0) {
            out.push_back('=');   // malformed escape: kept as text (RFC 2045's robust reading)
            continue;
        }
        out.push_back(char(hi * 16 + lo));
        i += 2;
    }
    pendingBreak_ = !soft;
}

} // namespace luacap::engine

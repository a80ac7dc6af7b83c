// SMTP conversations: greeting, EHLO with a multi-line 250, one mail with headers and a
// dot-terminated body (optionally multipart with a base64 attachment), QUIT (main thread).
#include "payloads.h"

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

std::string mailbox(Prng &rng, const std::string &domain) { return word(rng, 3, 8) + "@" + domain; }

const char kBoundary[] = "=_luacap_part_boundary";

// Body lines of 60 characters; every line starts with a letter, so no dot-stuffing.
void appendTextLines(std::string &o, Prng &rng) {
    const uint32_t lines = rng.range(3, 300);
    for (uint32_t i = 0; i < lines; ++i) {
        o += word(rng, 1, 1);
        appendText(o, 59, rng);
        o += "\r\n";
    }
}

// Base64 in lines of 76 characters (RFC 2045); none starts with a dot.
void appendBase64(std::string &o, const std::string &bytes) {
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string line;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
        if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) v |= uint8_t(bytes[i + 2]);
        line += digits[(v >> 18) & 63];
        line += digits[(v >> 12) & 63];
        line += i + 1 < bytes.size() ? digits[(v >> 6) & 63] : '=';
        line += i + 2 < bytes.size() ? digits[v & 63] : '=';
        if (line.size() == 76) { o += line + "\r\n"; line.clear(); }
    }
    if (!line.empty()) o += line + "\r\n";
}

// A text part, then a base64 attachment that starts with a marker line only its decoded
// bytes show.
void appendMultipart(std::string &o, const std::string &file, Prng &rng) {
    o += "Content-Type: multipart/mixed; boundary=\"" + std::string(kBoundary) + "\"\r\n\r\n";
    o += "--" + std::string(kBoundary) + "\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    appendTextLines(o, rng);
    o += "--" + std::string(kBoundary) + "\r\nContent-Type: application/octet-stream; name=\"" + file +
         "\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"" + file +
         "\"\r\n\r\n";
    std::string content = "LUACAP-ATTACHMENT " + file + "\n";
    appendText(content, rng.range(100, 6000), rng);
    appendBase64(o, content);
    o += "--" + std::string(kBoundary) + "--\r\n";
}

void appendMessage(std::string &o, const std::string &from, const std::string &to,
                   const std::string &subject, const std::string &attachment, Prng &rng) {
    o += "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject;
    o += "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <";
    appendDecimal(o, rng.next() >> 20);
    o += "." + word(rng, 6, 6) + "@" + from.substr(from.find('@') + 1) + ">";
    o += "\r\nMIME-Version: 1.0\r\n";
    if (attachment.empty()) {
        o += "Content-Type: text/plain; charset=us-ascii\r\n\r\n";
        appendTextLines(o, rng);
    } else {
        appendMultipart(o, attachment, rng);
    }
    o += ".\r\n";
}

} // namespace

void buildSmtp(Conversation &conv, Prng &rng, uint32_t attachPct) {
    const std::string server = hostName(rng, "mail");
    const std::string clientDomain = hostName(rng, "relay").substr(6);
    const std::string from = mailbox(rng, clientDomain);
    const std::string to = mailbox(rng, server.substr(5));
    const std::string subject = "Report " + word(rng, 4, 10) + " " + word(rng, 3, 8);
    // Draws nothing when attachments are off, so other outputs stay byte-identical.
    const std::string attachment = attachPct > 0 && rng.percent(attachPct) ? word(rng, 4, 10) + ".bin" : "";

    conv.send(kServer, "220 " + server + " ESMTP Postfix\r\n");
    conv.send(kClient, "EHLO " + clientDomain + "\r\n");
    conv.send(kServer, "250-" + server + "\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
                       "250-8BITMIME\r\n250 SMTPUTF8\r\n");
    conv.send(kClient, "MAIL FROM:<" + from + ">\r\n");
    conv.send(kServer, "250 2.1.0 Ok\r\n");
    conv.send(kClient, "RCPT TO:<" + to + ">\r\n");
    conv.send(kServer, "250 2.1.5 Ok\r\n");
    conv.send(kClient, "DATA\r\n");
    conv.send(kServer, "354 End data with <CR><LF>.<CR><LF>\r\n");
    conv.begin(kClient);
    appendMessage(conv.out(kClient), from, to, subject, attachment, rng);
    conv.end();
    conv.send(kServer, "250 2.0.0 Ok: queued as " + word(rng, 10, 10) + "\r\n");
    conv.send(kClient, "QUIT\r\n");
    conv.send(kServer, "221 2.0.0 Bye\r\n");
    conv.fact("email.src", from);
    conv.fact("email.dst", to);
    conv.fact("email.subject", subject);
    if (!attachment.empty()) conv.fact("email.filename", attachment);
}

} // namespace luacap::pcapgen

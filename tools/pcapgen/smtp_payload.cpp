// SMTP conversations: greeting, EHLO with a multi-line 250, one mail with headers and a
// dot-terminated body, QUIT (main thread).
#include "payloads.h"

#include "text_fill.h"

namespace luacap::pcapgen {

namespace {

std::string mailbox(Prng &rng, const std::string &domain) { return word(rng, 3, 8) + "@" + domain; }

void appendMessage(std::string &o, const std::string &from, const std::string &to,
                   const std::string &subject, Prng &rng) {
    o += "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject;
    o += "\r\nDate: Tue, 14 Nov 2023 22:13:20 +0000\r\nMessage-ID: <";
    appendDecimal(o, rng.next() >> 20);
    o += "." + word(rng, 6, 6) + "@" + from.substr(from.find('@') + 1) + ">";
    o += "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n";
    // Body lines of 60 characters; every line starts with a letter, so no dot-stuffing.
    const uint32_t lines = rng.range(3, 300);
    for (uint32_t i = 0; i < lines; ++i) {
        o += word(rng, 1, 1);
        appendText(o, 59, rng);
        o += "\r\n";
    }
    o += ".\r\n";
}

} // namespace

void buildSmtp(Conversation &conv, Prng &rng) {
    const std::string server = hostName(rng, "mail");
    const std::string clientDomain = hostName(rng, "relay").substr(6);
    const std::string from = mailbox(rng, clientDomain);
    const std::string to = mailbox(rng, server.substr(5));
    const std::string subject = "Report " + word(rng, 4, 10) + " " + word(rng, 3, 8);

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
    appendMessage(conv.out(kClient), from, to, subject, rng);
    conv.end();
    conv.send(kServer, "250 2.0.0 Ok: queued as " + word(rng, 10, 10) + "\r\n");
    conv.send(kClient, "QUIT\r\n");
    conv.send(kServer, "221 2.0.0 Bye\r\n");
    conv.fact("email.src", from);
    conv.fact("email.dst", to);
    conv.fact("email.subject", subject);
}

} // namespace luacap::pcapgen

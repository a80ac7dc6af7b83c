// Payload builders: each fills a Conversation with one realistic application exchange.
// One file per protocol; all draw only from the flow's own Prng.
#pragma once

#include "conversation.h"
#include "prng.h"

namespace luacap::pcapgen {

void buildHttp(Conversation &conv, Prng &rng);   // 1-3 HTTP/1.1 exchanges, GET/POST
void buildDns(Conversation &conv, Prng &rng);    // one query and its response (A/AAAA/MX)
void buildTls(Conversation &conv, Prng &rng);    // TLS 1.3 ClientHello/ServerHello + data
void buildSmtp(Conversation &conv, Prng &rng);   // one ESMTP mail transaction

} // namespace luacap::pcapgen

// Payload builders: each fills a Conversation with one realistic application exchange.
// One file per protocol; all draw only from the flow's own Prng.
#pragma once

#include "conversation.h"
#include "options.h"
#include "prng.h"

namespace luacap::pcapgen {

void buildHttp(Conversation &conv, Prng &rng);   // 1-3 HTTP/1.1 exchanges, GET/POST
void buildDns(Conversation &conv, Prng &rng);    // one query and its response (A/AAAA/MX)
void buildTls(Conversation &conv, Prng &rng);    // TLS 1.3 ClientHello/ServerHello + data
void buildSmtp(Conversation &conv, Prng &rng,    // one ESMTP mail transaction, multipart with
               uint32_t attachPct);               // a base64 attachment in attachPct percent
void buildDemo(App app, Conversation &conv,       // the demo-* protocols of the Lua dissector
               Prng &rng);                        // tests (demo_payload.cpp)

} // namespace luacap::pcapgen

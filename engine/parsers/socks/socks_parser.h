// SocksParser: follows a SOCKS4/4a/5 handshake (packet thread) and, once the server has
// answered the connect request, lets the classifiers look at the tunnelled stream again, as
// Arkime classifies what follows a SOCKS handshake (HTTP through a proxy, ...).
#pragma once

#include <cstdint>
#include <string>

#include "parsers/classifier_table.h"
#include "parsers/parser_config.h"
#include "plugin/session_parser.h"

namespace luacap::engine {

class SocksParser final : public SessionParser {
public:
    // clientDirection: the direction that sent the greeting; version: 4 or 5.
    SocksParser(int clientDirection, int version) : client_(clientDirection), version_(version) {}

    Result onData(Session &session, int direction, const uint8_t *data, uint32_t len) override;
    Result onGap(Session &, int, uint32_t) override { return Result::Done; }

private:
    // The server's answers, in order. The client may send its request before the server has
    // chosen a method (optimistic clients), so the client side is only checked for shape.
    enum class Step : uint8_t { Method, AuthReply, Reply };

    bool clientMessage(const uint8_t *data, uint32_t len);
    bool serverMessage(const uint8_t *data, uint32_t len, bool &done);

    int client_;
    int version_;
    bool greeted_ = false;   // the client's first message was seen
    Step step_ = Step::Method;
    uint8_t messages_ = 0;   // bounded: a handshake is a handful of messages
};

class FieldRegistry;

// Adds "socks" to protocol on a SOCKS4/5 greeting and attaches a SocksParser (main thread).
bool registerSocksParser(const ParserConfig &config, FieldRegistry &registry, ClassifierTable &table,
                         std::string *error);

} // namespace luacap::engine

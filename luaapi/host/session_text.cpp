// sessionText (the calling packet thread).
#include "host/session_text.h"

#include <arpa/inet.h>

#include "session/session.h"

namespace luacap::luaapi {

namespace {
std::string protocolName(int p)
{
    switch (p) {
    case 1: return "icmp";
    case 6: return "tcp";
    case 17: return "udp";
    case 58: return "icmpv6";
    case 132: return "sctp";
    default: return "ip-proto-" + std::to_string(p);
    }
}

std::string endpoint(engine::AddressFamily family, const uint8_t *ip, uint16_t port)
{
    char text[INET6_ADDRSTRLEN] = "?";
    if (family == engine::AddressFamily::V4)
        inet_ntop(AF_INET, ip, text, sizeof text);
    else if (family == engine::AddressFamily::V6)
        inet_ntop(AF_INET6, ip, text, sizeof text);
    const bool v6 = family == engine::AddressFamily::V6;
    std::string out = v6 ? "[" : "";
    out += text;
    out += v6 ? "]:" : ":";
    out += std::to_string(port);
    return out;
}
} // namespace

std::string sessionText(const engine::Session &s)
{
    std::string out;
    if (s.firstFamily == engine::AddressFamily::NonIp)
        out = "non-IP session";
    else
        out = protocolName(s.key.ipProtocol) + " " + endpoint(s.firstFamily, s.firstSrcIp.data(), s.firstSrcPort) +
              " -> " + endpoint(s.firstFamily, s.firstDstIp.data(), s.firstDstPort);
    return out + ", packet " + std::to_string(s.segmentPackets()) + " of the session";
}

} // namespace luacap::luaapi

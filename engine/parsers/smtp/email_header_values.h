// Pieces of SMTP commands and message header values, cut as Arkime's smtp parser cuts them:
// <...> addresses, address lists, Received hosts/IPs, lenient IP text. Packet thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace luacap::engine {

// Skips leading white space and an optional open character, then stops at close (or the end).
std::string_view removeMatching(std::string_view s, char open, char close);

// Each address of a To/From/Cc list: the part inside <...>, or the bare text before ','.
void forEachAddress(std::string_view list, const std::function<void(std::string_view)> &fn);

// The hosts after "from "/"by " and the addresses inside [...] of a Received header.
void forEachReceived(std::string_view value, const std::function<void(std::string_view)> &host,
                     const std::function<void(std::string_view)> &ip);

// Parses an IPv4 (leniently, as inet_aton: "10.0.0.01") or IPv6 text; len 4 or 16, 0 if none.
int parseIpText(std::string_view text, uint8_t out[16]);

} // namespace luacap::engine

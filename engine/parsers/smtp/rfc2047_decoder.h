// decodeRfc2047: turns a header value with RFC 2047 encoded words (=?charset?B|Q?text?=)
// into UTF-8, following Arkime's rules (subject and attachment filenames). Packet thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace luacap::engine {

// Arkime's decode buffer: a longer result is cut to this many bytes.
constexpr size_t kMaxDecodedHeader = 4095;

// Decodes B and Q words of any charset iconv knows (UTF-8, ISO-8859-*, Windows-125x, ...).
// Text outside encoded words is kept when it is UTF-8 and read as Windows-1252 otherwise.
// A malformed word or an unknown charset gives the raw value back; a decoded result that is
// not UTF-8 gives "Error Decoding" (as Arkime).
std::string decodeRfc2047(std::string_view value, size_t maxLen = kMaxDecodedHeader);

// True when s is well-formed UTF-8.
bool isUtf8(std::string_view s);

} // namespace luacap::engine

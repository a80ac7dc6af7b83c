// Punycode: IDNA host names to UTF-8 (RFC 3492), as Arkime shows DNS hosts (it calls GLib's
// g_hostname_to_unicode). Pure functions, used on packet threads.
#pragma once

#include <string>
#include <string_view>

namespace luacap::engine {

class Punycode {
public:
    // Decodes every "xn--" label of host into UTF-8; other labels are copied unchanged.
    // Returns false when a label is not valid punycode or decodes to an invalid code point.
    static bool hostToUnicode(std::string_view host, std::string &out);
    // Decodes one punycode label body (without "xn--") into UTF-8 appended to out.
    static bool decodeLabel(std::string_view label, std::string &out);
};

} // namespace luacap::engine

// httpAppProtocol: applications Arkime names from an HTTP request's path (Active Directory
// Certificate Services web enrolment, NDES, CEP/CES, WinRM). HTTP parser, packet thread.
#pragma once

#include <string_view>

namespace luacap::engine {

// The protocol to add for a request with this path (no query), or null.
const char *httpAppProtocol(std::string_view path);

} // namespace luacap::engine

// Names Arkime writes for TLS versions and cipher suites (pure lookups, any thread).
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

std::string tlsVersionName(uint16_t version);
std::string tlsCipherName(uint16_t cipher);

} // namespace luacap::engine

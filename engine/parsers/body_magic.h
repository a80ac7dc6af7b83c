// bodyMagic: the content type of a body from its first bytes, as Arkime's magicMode=basic
// does (its own short signature list, no libmagic). Used by the HTTP parser (packet thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace luacap::engine {

// An empty view when nothing matches or fewer than 5 bytes are given (Arkime's minimum).
std::string_view bodyMagic(const uint8_t *data, size_t len);

} // namespace luacap::engine

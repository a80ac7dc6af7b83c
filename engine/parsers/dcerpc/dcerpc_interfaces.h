// dcerpcInterfaceName: the short name Arkime gives a well-known DCE/RPC interface (the
// abstract syntax UUID of a bind). A constant table, read on packet threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace luacap::engine {

// uuid: the 16 bytes as sent with little-endian data representation (drep 0x10).
// Null when the interface is not one of the known ones.
const char *dcerpcInterfaceName(const std::array<uint8_t, 16> &uuid);

// "e3514235-4b06-11d1-ab04-00c04fc2dcd2" from the little-endian wire bytes.
std::string dcerpcUuidText(const std::array<uint8_t, 16> &uuid);

} // namespace luacap::engine

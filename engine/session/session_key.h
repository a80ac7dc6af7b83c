// SessionKey: the canonical, direction-independent identity of a session.
// Built on the reader thread by the decoder; hashed to pick the packet thread.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>

namespace luacap::engine {

// Address family of the key's endpoints. NonIp sessions (ARP) key on MAC addresses.
enum class AddressFamily : uint8_t { NonIp = 0, V4 = 4, V6 = 6 };

// Endpoint A is the lower (address, port) pair, so both directions give the same key.
// IPv4 addresses use the first 4 bytes; MACs the first 6; the rest stays zero.
struct SessionKey {
    std::array<uint8_t, 16> addrA{};
    std::array<uint8_t, 16> addrB{};
    uint16_t portA = 0;
    uint16_t portB = 0;
    uint8_t ipProtocol = 0;   // 0 for non-IP sessions
    AddressFamily family = AddressFamily::NonIp;
    uint16_t vlan = 0;        // only set when sessions are tracked per VLAN

    auto operator<=>(const SessionKey &) const = default;
    bool operator==(const SessionKey &) const = default;

    // Symmetric by construction (the key is canonical); stable across runs and platforms.
    uint64_t hash() const;
    int addressLength() const { return family == AddressFamily::V6 ? 16 : family == AddressFamily::V4 ? 4 : 6; }
};

// Builds the canonical key from one packet's (src, dst) view.
// Returns true when the packet's source is endpoint A.
bool makeSessionKey(AddressFamily family, const uint8_t *src, const uint8_t *dst, uint16_t srcPort,
                    uint16_t dstPort, uint8_t ipProtocol, uint16_t vlan, SessionKey &out);

} // namespace luacap::engine

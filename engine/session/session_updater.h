// SessionUpdater: the per-packet bookkeeping of a Session that does not depend on the table:
// initiator, counters, TTLs, MACs, VLANs, TCP flag counts, packet positions, protocol names
// and tags. Used by SessionTable on its packet thread; holds no per-session state.
#pragma once

#include <string_view>

#include "decode/packet_info.h"
#include "session/session.h"

namespace luacap::engine {

class FieldRegistry;
struct SessionTableConfig;

class SessionUpdater {
public:
    SessionUpdater(const FieldRegistry &registry, const SessionTableConfig &config);

    // A new session from its first packet: key, initiator, times, transport protocol name.
    void initialize(Session &session, const PacketInfo &packet, int64_t clockUsec) const;
    // Counters and distinct values for one packet travelling in direction dir.
    void count(Session &session, const PacketInfo &packet, int dir, int64_t clockUsec) const;
    // Arkime's tcpflags counts (and the SYN/ACK times behind initRTT).
    void countTcpFlags(Session &session, const PacketInfo &packet, int dir) const;
    // After an intermediate save: what Arkime clears for the next segment.
    void resetSegment(Session &session) const;

    void addTag(Session &session, std::string_view tag) const;
    void addProtocol(Session &session, std::string_view name) const;

    // The initiator rule: SYN sender, receiver of a first SYN-ACK, else the first sender.
    static bool initiatorIsA(const PacketInfo &packet);
    static std::string_view transportName(const PacketInfo &packet);

private:
    static void noteFirstEndpoints(Session &session, const PacketInfo &packet);
    void noteNewBits(Session &session, const PacketInfo &packet) const;
    void recordPosition(Session &session, const PacketInfo &packet) const;
    void addDistinctAddresses(Session &session, const PacketInfo &packet, int dir) const;

    const FieldRegistry &registry_;
    const SessionTableConfig &config_;
};

} // namespace luacap::engine

// SummaryWriter: the --summary JSON, the ground truth end-to-end tests assert luacap's
// records against. Counters are named after Arkime's sessions3 fields: source is the
// initiator (the client), bytes are frame bytes on the wire, client/server bytes are
// transport payload bytes (retransmissions included). Main (only) thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flow.h"
#include "frame_encoder.h"

namespace luacap::pcapgen {

class SummaryWriter {
public:
    SummaryWriter(const Options &opts, const FrameEncoder &encoder) : opts_(opts), encoder_(encoder) {}

    // Records a finished flow (its packets have absolute times startUsec + relUsec).
    void addFlow(const Flow &flow);
    // Writes the whole document; false if the file can't be written.
    bool write(const std::string &path, uint64_t packets, uint64_t packetsWritten,
               uint64_t fileBytes, int64_t firstUsec, int64_t lastUsec) const;

    static std::string formatIp(const Flow &flow, uint8_t dir);

private:
    const Options &opts_;
    const FrameEncoder &encoder_;
    std::vector<std::string> flows_;   // JSON objects indexed by flow id
};

} // namespace luacap::pcapgen

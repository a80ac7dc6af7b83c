// RecordEncoder: turns a saved Session into one JSON line, shaped as Arkime's sessions3 body.
// Runs on the packet thread that owns the session, so encoding is spread across threads.
#pragma once

#include <memory>
#include <string>

#include "session/session.h"
#include "session/session_table.h"

namespace luacap::engine {

class FieldRegistry;
class PathValues;

struct RecordOptions {
    std::string node = "luacap";     // Arkime "node"
    bool packetPositions = true;     // write packetPos/packetLen/fileId
};

class RecordEncoder {
public:
    RecordEncoder(const FieldRegistry &registry, const RecordOptions &options);
    ~RecordEncoder();
    RecordEncoder(const RecordEncoder &) = delete;
    RecordEncoder &operator=(const RecordEncoder &) = delete;

    // Appends the record of session (no trailing newline) to out. Keys are sorted at every
    // level, so equal sessions always give byte-identical records.
    void encode(const Session &session, SaveReason reason, std::string &out) const;

private:
    const FieldRegistry &registry_;
    RecordOptions options_;
    // Reused buffers: an encoder belongs to one packet thread, so this stays thread-confined.
    std::unique_ptr<PathValues> scratch_;
};

// Community ID v1 (seed 0) of a session key with its source side, e.g. "1:wCb3OG7yAFWelaUydu0D+125CLM=".
// For ICMP and ICMPv6 the ports are the first packet's type and code, mapped as the spec says.
// Empty for sessions Arkime gives none (non-IP, and IP protocols other than TCP, UDP, SCTP,
// ICMP, ICMPv6 and ESP).
std::string communityId(const SessionKey &key, bool sourceIsA, uint8_t icmpType = 0, uint8_t icmpCode = 0);
// The same written into out, without allocating (the encoder's path); returns its length, 0
// when there is none.
size_t communityIdText(const SessionKey &key, bool sourceIsA, uint8_t icmpType, uint8_t icmpCode, char (&out)[32]);

} // namespace luacap::engine

// RecordEncoder: turns a saved Session into one JSON line, shaped as Arkime's sessions3 body.
// Runs on the packet thread that owns the session, so encoding is spread across threads.
#pragma once

#include <string>

#include "session/session.h"
#include "session/session_table.h"

namespace luacap::engine {

class FieldRegistry;

struct RecordOptions {
    std::string node = "luacap";     // Arkime "node"
    bool packetPositions = true;     // write packetPos/packetLen/fileId
};

class RecordEncoder {
public:
    RecordEncoder(const FieldRegistry &registry, const RecordOptions &options);

    // Appends the record of session (no trailing newline) to out.
    void encode(const Session &session, SaveReason reason, std::string &out) const;

private:
    const FieldRegistry &registry_;
    RecordOptions options_;
};

// Community ID v1 (seed 0) of a session key with its source side, e.g. "1:wCb3OG7yAFWelaUydu0D+125CLM=".
// Empty for sessions the spec does not cover (non-IP).
std::string communityId(const SessionKey &key, bool sourceIsA);

} // namespace luacap::engine

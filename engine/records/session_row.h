// SessionRow: the typed columns a database sink stores beside the full JSON record
// (writer thread, or the ClickHouse sink's network thread). Shared by SQLite and ClickHouse.
#pragma once

#include <cstdint>
#include <string>

namespace luacap::engine {

struct SessionRow {
    int64_t firstPacket = 0;
    int64_t lastPacket = 0;
    int ipProtocol = 0;
    std::string srcIp;
    int srcPort = 0;
    std::string dstIp;
    int dstPort = 0;
    int64_t packets = 0;
    int64_t bytes = 0;
    int64_t dataBytes = 0;
    std::string protocols;   // comma-separated, in record order ("tcp,http")
    std::string tags;        // comma-separated
    std::string node;
    std::string communityId;

    // Reads the columns from one sessions3-shaped record; false if json is not an object.
    bool parse(const std::string &json);
    // The row plus the record as one ClickHouse JSONEachRow object (no trailing newline).
    std::string toJsonEachRow(const std::string &json, const std::string &batch) const;
};

} // namespace luacap::engine

// The SQLite sessions schema, shared by SqliteSink (writer thread) and the query reader.
#pragma once

namespace luacap::engine::sqlite {

inline constexpr const char *kSchema[] = {
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS sessions ("
    " id INTEGER PRIMARY KEY,"
    " firstPacket INTEGER NOT NULL, lastPacket INTEGER NOT NULL, ipProtocol INTEGER NOT NULL,"
    " srcIp TEXT NOT NULL, srcPort INTEGER NOT NULL, dstIp TEXT NOT NULL, dstPort INTEGER NOT NULL,"
    " packets INTEGER NOT NULL, bytes INTEGER NOT NULL, dataBytes INTEGER NOT NULL,"
    " protocols TEXT NOT NULL, tags TEXT NOT NULL, node TEXT NOT NULL, communityId TEXT NOT NULL,"
    " json TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_first ON sessions (firstPacket)",
    "CREATE INDEX IF NOT EXISTS sessions_last ON sessions (lastPacket)",
    "CREATE INDEX IF NOT EXISTS sessions_src ON sessions (srcIp, srcPort)",
    "CREATE INDEX IF NOT EXISTS sessions_dst ON sessions (dstIp, dstPort)",
    "CREATE INDEX IF NOT EXISTS sessions_srcport ON sessions (srcPort)",
    "CREATE INDEX IF NOT EXISTS sessions_dstport ON sessions (dstPort)",
    "CREATE INDEX IF NOT EXISTS sessions_proto ON sessions (ipProtocol, firstPacket)",
};

// Stamps a new file; leaves an existing file's version alone (checked after).
inline constexpr const char *kSetVersion =
    "INSERT INTO schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version)";

inline constexpr const char *kInsert =
    "INSERT INTO sessions (firstPacket, lastPacket, ipProtocol, srcIp, srcPort, dstIp, dstPort, packets,"
    " bytes, dataBytes, protocols, tags, node, communityId, json)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

} // namespace luacap::engine::sqlite

// ClickHouseOptions and ClickHouseCounters: configuration and live counters of the ClickHouse
// sink (counters are written by its shipper thread and read from any thread).
#pragma once

#include <QString>
#include <atomic>
#include <cstdint>

namespace luacap::engine {

struct ClickHouseOptions {
    QString url = "http://127.0.0.1:8123/";   // HTTP interface; ?database=... etc. are kept
    QString table = "sessions";
    QString spoolDir;                          // empty: <temp>/luacap-clickhouse-spool-<table>
    int64_t maxSpoolBytes = 512ll << 20;
    int batchSize = 1000;                      // records per INSERT
    int flushTimeoutMs = 60000;                // how long flush() waits for the spool to drain
    int minBackoffMs = 100;
    int maxBackoffMs = 5000;
    int requestTimeoutMs = 30000;
    int maxRejects = 5;                        // server errors before a batch is set aside
};

struct ClickHouseCounters {
    std::atomic<uint64_t> inserted{0};        // records the server acknowledged
    std::atomic<uint64_t> batches{0};         // INSERTs acknowledged
    std::atomic<uint64_t> retries{0};         // failed requests that were retried
    std::atomic<uint64_t> spooled{0};         // records written to the spool (all go through it)
    std::atomic<uint64_t> dropped{0};         // records lost: spool full or write error
    std::atomic<uint64_t> rejected{0};        // records set aside in spool/rejected/
    std::atomic<uint64_t> duplicatesAvoided{0};  // retried batches found already inserted
    std::atomic<int64_t> pending{0};          // records handed over and not yet settled
};

} // namespace luacap::engine

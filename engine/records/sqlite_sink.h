// SqliteSink: session records into one SQLite database file (WAL, batched transactions,
// typed and indexed columns beside the full JSON). Used only from the writer thread.
#pragma once

#include <cstdint>
#include <string>

#include "records/record_sink.h"

struct sqlite3;
struct sqlite3_stmt;

namespace luacap::engine {

struct SqliteSinkOptions {
    int batchSize = 1000;       // records per transaction
    int busyTimeoutMs = 5000;   // how long to wait for another writer's lock
    int64_t maxPages = 0;       // cap on the file size in pages (0: none); full reads as "disk full"
};

class SqliteSink : public RecordSink {
public:
    static constexpr int kSchemaVersion = 1;

    explicit SqliteSink(SqliteSinkOptions options = {});
    ~SqliteSink() override;
    SqliteSink(const SqliteSink &) = delete;
    SqliteSink &operator=(const SqliteSink &) = delete;

    // Creates the file and schema, or appends to an existing luacap database.
    bool open(const std::string &path);
    bool write(const std::string &json) override;
    // Commits the open batch.
    bool flush() override;
    std::string error() const override { return error_; }
    uint64_t committed() const { return committed_; }

private:
    bool exec(const char *sql);
    bool createSchema();
    bool checkVersion();
    bool fail(const std::string &what);
    bool insert(const std::string &json);

    SqliteSinkOptions options_;
    std::string path_;
    sqlite3 *db_ = nullptr;
    sqlite3_stmt *insert_ = nullptr;
    bool inTransaction_ = false;
    int pending_ = 0;
    uint64_t committed_ = 0;
    uint64_t lostAccepted_ = 0;
    std::string error_;
};

} // namespace luacap::engine

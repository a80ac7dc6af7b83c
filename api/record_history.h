// RecordHistory: the most recent saved session records, numbered, for the live API's
// record list and stream. The writer thread appends; the API (main thread) reads. Bounded:
// the oldest records fall out and are counted.
#pragma once

#include <QByteArray>
#include <QList>
#include <cstdint>
#include <deque>
#include <mutex>

namespace luacap::api {

class RecordHistory {
public:
    explicit RecordHistory(size_t capacity) : capacity_(capacity ? capacity : 1) {}

    // Writer thread. The lock is taken once per saved record, never on the packet path.
    void append(const QByteArray &json);

    struct Slice {
        uint64_t first = 0;     // sequence number of records[0] (1-based; next when empty)
        uint64_t next = 0;      // ask again with after = next - 1
        uint64_t missed = 0;    // records after `after` that already fell out of the history
        QList<QByteArray> records;
    };
    // Records with sequence numbers > after, at most limit of them.
    Slice after(uint64_t after, size_t limit) const;
    uint64_t lastSequence() const;
    size_t capacity() const { return capacity_; }

private:
    const size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<QByteArray> records_;
    uint64_t firstSequence_ = 1;   // of records_.front()
};

} // namespace luacap::api

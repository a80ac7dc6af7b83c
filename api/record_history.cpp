// RecordHistory: a bounded, numbered list of recent records (writer thread appends).
#include "record_history.h"

#include <algorithm>

namespace luacap::api {

void RecordHistory::append(const QByteArray &json)
{
    std::lock_guard<std::mutex> lock(mutex_);
    records_.push_back(json);
    if (records_.size() > capacity_) {
        records_.pop_front();
        ++firstSequence_;
    }
}

RecordHistory::Slice RecordHistory::after(uint64_t after, size_t limit) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    Slice slice;
    const uint64_t end = firstSequence_ + records_.size();   // one past the last
    const uint64_t start = std::max(after + 1, firstSequence_);
    slice.missed = start > after + 1 ? start - (after + 1) : 0;
    slice.first = std::min(start, end);
    const uint64_t stop = std::min<uint64_t>(end, slice.first + limit);
    for (uint64_t seq = slice.first; seq < stop; ++seq)
        slice.records.append(records_[seq - firstSequence_]);
    slice.next = stop;
    return slice;
}

uint64_t RecordHistory::lastSequence() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return firstSequence_ + records_.size() - 1;
}

} // namespace luacap::api
